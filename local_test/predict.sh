#!/usr/bin/env bash
# Sends a payload to a local endpoint (serve_local.sh) and prints the answer; exits non-zero on an HTTP error.
#
#   local_test/predict.sh PAYLOAD [CONTENT_TYPE]
#
# CONTENT_TYPE defaults to text/csv (application/json for *.json, application/jsonlines for *.jsonl).
# PORT (default 8080) picks the endpoint, ACCEPT sets the Accept header, API_KEY sends Authorization: Bearer API_KEY
# (for a server started with SKIFF_API_KEYS_FILE).
# PAYLOAD may be an MLflow model directory (it has an MLmodel file): its serving_input_example.json is sent, or its
# input_example.json wrapped as MLflow's scoring server expects it.
set -euo pipefail
source "$(dirname "$0")/common.sh"

usage() {
  echo "usage: $0 PAYLOAD [CONTENT_TYPE]   (PORT=$PORT; CONTENT_TYPE default text/csv, or by .json/.jsonl)" >&2
  exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
case "$1" in -h|--help|"") usage ;; esac
payload=$1
wrapped=$(mktemp)
trap 'rm -f "$wrapped"' EXIT
if [ -d "$payload" ] && [ -f "$payload/MLmodel" ]; then
  if [ -f "$payload/serving_input_example.json" ]; then
    payload=$payload/serving_input_example.json
  elif [ -f "$payload/input_example.json" ]; then
    # input_example.json is a DataFrame in pandas' split orient ({"columns", "data"}) or an array (a tensor)
    if head -c 1 "$payload/input_example.json" | grep -q '{'; then
      { printf '{"dataframe_split": '; cat "$payload/input_example.json"; printf '}'; } > "$wrapped"
    else
      { printf '{"inputs": '; cat "$payload/input_example.json"; printf '}'; } > "$wrapped"
    fi
    payload=$wrapped
  else
    echo "the MLflow model $payload has no input example (log it with input_example=...)" >&2
    exit 2
  fi
  [ $# -eq 2 ] || set -- "$payload" application/json
fi
[ -r "$payload" ] || { echo "cannot read payload file: $payload" >&2; exit 2; }
if [ $# -eq 2 ]; then
  content_type=$2
else
  case "$payload" in
    *.jsonl) content_type=application/jsonlines ;;
    *.json) content_type=application/json ;;
    *) content_type=text/csv ;;
  esac
fi
command -v curl >/dev/null || { echo "curl is missing (apt-get install curl)" >&2; exit 1; }

body=$(mktemp)
trap 'rm -f "$body" "$wrapped"' EXIT
headers=(-H "Content-Type: $content_type")
[ -n "${ACCEPT:-}" ] && headers+=(-H "Accept: $ACCEPT")
[ -n "${API_KEY:-}" ] && headers+=(-H "Authorization: Bearer $API_KEY")
if ! status=$(curl -sS -o "$body" -w '%{http_code}' "${headers[@]}" --data-binary "@$payload" \
    "http://127.0.0.1:$PORT/invocations"); then
  echo "nothing answers on 127.0.0.1:$PORT: start local_test/serve_local.sh first (is Docker running?)" >&2
  exit 1
fi
cat "$body"
[ -z "$(tail -c1 "$body")" ] || echo
if [ "$status" -ge 400 ]; then
  echo "HTTP $status" >&2
  exit 1
fi
