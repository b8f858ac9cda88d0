#!/usr/bin/env bash
# Runs a multi-model endpoint over a folder of models, as SageMaker does (SAGEMAKER_MULTI_MODEL=true, the folder as
# /opt/ml/models, read-only), on 127.0.0.1:$PORT (default 8080), and shows the contract with curl: load every model,
# list them, describe one, invoke each, unload one, then stops the server.
#
#   local_test/multi_model.sh IMAGE|--host                     two models of the XGBoost sample (Python-made fixtures)
#   local_test/multi_model.sh IMAGE|--host MODELS_DIR PAYLOAD   your models: MODELS_DIR/<name>/model/..., each sent PAYLOAD
#
# IMAGE runs the image (docker run -e SAGEMAKER_MULTI_MODEL=true -v MODELS_DIR:/opt/ml/models:ro IMAGE serve);
# --host runs docker/target/skiff/bin/skiff serve (built by ./mvnw package). SKIFF_* and SAGEMAKER_* variables set in
# the environment are passed to the container.
set -euo pipefail
source "$(dirname "$0")/common.sh"

usage() {
  echo "usage: $0 IMAGE|--host [MODELS_DIR PAYLOAD]     (PORT=$PORT)" >&2
  exit 2
}
[ $# -eq 1 ] || [ $# -eq 3 ] || usage
case "$1" in -h|--help|"") usage ;; esac
work=$(mktemp -d)
server=
container=
stop() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "$container" ] && docker rm -f "$container" >/dev/null
  rm -rf "$work"
}
trap stop EXIT

if [ $# -eq 3 ]; then
  models=$(cd "$2" && pwd)
  payload=$3
else # the XGBoost sample's fixtures: a binary classifier (6 features) and a regression (3 features)
  models=$work/models
  fixtures=$REPO/sample-models/xgboost/src/test/resources/fixtures
  for name in binary regression; do
    mkdir -p "$models/$name/model"
    cp "$fixtures/$name/xgboost-model" "$models/$name/model/"
    head -2 "$fixtures/$name/rows.csv" > "$work/$name.csv"
  done
fi
names=$(cd "$models" && for d in */; do [ -d "$d/model" ] && echo "${d%/}"; done)
[ -n "$names" ] || { echo "no model in $models: expected $models/<name>/model/" >&2; exit 1; }

if [ "$1" = --host ]; then
  require_distribution
  mkdir -p "$work/ml"
  ln -s "$models" "$work/ml/models"
  root=$work/ml/models
  SAGEMAKER_MULTI_MODEL=true SKIFF_ML_ROOT="$work/ml" SKIFF_PORT="$PORT" "$SKIFF_BIN" serve > "$work/server.log" 2>&1 &
  server=$!
else
  require_docker
  mapfile -t envs < <(passthrough_env)
  root=/opt/ml/models
  container=$(docker run -d "${envs[@]}" -e SAGEMAKER_MULTI_MODEL=true -p "127.0.0.1:$PORT:8080" \
    -v "$models:/opt/ml/models:ro" "$1" serve)
fi
url=http://127.0.0.1:$PORT
for _ in $(seq 1 300); do
  curl -sf "$url/ping" >/dev/null && break
  sleep 0.1
done

show() { # prints the command (arguments with spaces or quotes in single quotes), then runs it
  local shown=\$ arg
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:@=?\&-]+$ ]]; then shown+=" $arg"; else shown+=" '$arg'"; fi
  done
  echo "$shown"
  "$@"
  echo
}
show curl -s "$url/ping"
for name in $names; do
  show curl -s -H 'Content-Type: application/json' -d "{\"model_name\": \"$name\", \"url\": \"$root/$name/model\"}" \
    "$url/models"
done
show curl -s "$url/models"
show curl -s "$url/models?limit=1"
first=$(echo "$names" | head -1)
show curl -s "$url/models/$first"
for name in $names; do
  show curl -s -H 'Content-Type: text/csv' --data-binary @"${payload:-$work/$name.csv}" "$url/models/$name/invoke"
done
show curl -s -H 'Content-Type: text/csv' -H "X-Amzn-SageMaker-Target-Model: $first" \
  --data-binary @"${payload:-$work/$first.csv}" "$url/invocations"
show curl -s -X DELETE "$url/models/$first"
show curl -s "$url/models"
show curl -s -H 'Content-Type: text/csv' --data-binary @"${payload:-$work/$first.csv}" "$url/models/$first/invoke"
show curl -s "$url/metrics" -o "$work/metrics"
grep -E '^skiff_models_' "$work/metrics"
