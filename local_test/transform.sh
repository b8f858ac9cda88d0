#!/usr/bin/env bash
# A batch-transform job like SageMaker's, on this machine, without docker compose or Python: serves a model the way
# a transform job does (SAGEMAKER_BATCH=true, the job's parameters as SAGEMAKER_* variables), then runs
# `skiff transform` against it, which writes OUTPUT_DIR/<input file>.out for every input file.
#
#   local_test/transform.sh IMAGE  INPUT OUTPUT_DIR [skiff transform options]
#   local_test/transform.sh --host INPUT OUTPUT_DIR [skiff transform options]
#
#   e.g. local_test/transform.sh skiff:latest local_test/test_dir/payloads/payload.csv /tmp/out --split-type Line
#
# INPUT is a file or a folder. The model is local_test/test_dir/model, or MODEL_DIR. In Docker the client runs from
# the same image, in the serving container's network (no port is published); with --host both run from
# docker/target/skiff on 127.0.0.1:$PORT. The options are skiff transform's (docker run IMAGE transform --help):
# --split-type, --batch-strategy, --max-payload-mb, --max-concurrent, --assemble-with, --join-source, --content-type,
# --accept, ... The job fails (exit 1) on the first failed mini-batch, naming the file and the records.
set -euo pipefail
source "$(dirname "$0")/common.sh"

usage() {
  echo "usage: $0 IMAGE|--host INPUT OUTPUT_DIR [skiff transform options]   (MODEL_DIR, PORT=$PORT for --host)" >&2
  exit 2
}
[ $# -ge 3 ] || usage
case "$1" in -h|--help|"") usage ;; esac
target=$1 input=$2 output=$3
shift 3
[ -e "$input" ] || { echo "no such input: $input" >&2; exit 2; }
model=$(cd "${MODEL_DIR:-$TEST_DIR/model}" && pwd)
if [ -z "$(ls -A "$model" | grep -v '^\.')" ]; then
  echo "$model is empty: train first (local_test/train_local.sh), or set MODEL_DIR" >&2
  exit 2
fi
mkdir -p "$output"
output=$(cd "$output" && pwd)

# What SageMaker tells a transform job's container: batch mode, and the job's parameters when they are given.
job_env=(SAGEMAKER_BATCH=true)
args=("$@")
for ((i = 0; i + 1 < ${#args[@]}; i++)); do
  value=${args[i+1]}
  case "${args[i]}" in
    --batch-strategy)
      case "$(echo "$value" | tr -d _ | tr '[:upper:]' '[:lower:]')" in
        singlerecord) job_env+=(SAGEMAKER_BATCH_STRATEGY=SINGLE_RECORD) ;;
        *) job_env+=(SAGEMAKER_BATCH_STRATEGY=MULTI_RECORD) ;;
      esac ;;
    --max-payload-mb) job_env+=("SAGEMAKER_MAX_PAYLOAD_IN_MB=$value") ;;
    --max-concurrent) job_env+=("SAGEMAKER_MAX_CONCURRENT_TRANSFORMS=$value") ;;
  esac
done

if [ "$target" = --host ]; then
  require_distribution
  root=$(mktemp -d)
  ln -s "$model" "$root/model"
  log=$root/serve.log
  env "${job_env[@]}" SKIFF_ML_ROOT="$root" SKIFF_PORT="$PORT" "$SKIFF_BIN" serve >"$log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$root"' EXIT
  "$SKIFF_BIN" transform --endpoint "http://127.0.0.1:$PORT" --output "$output" "$@" "$input" ||
    { status=$?; tail -20 "$log" >&2; exit $status; }
  exit 0
fi

require_docker
mapfile -t envs < <(passthrough_env)
for e in "${job_env[@]}"; do envs+=(-e "$e"); done
server=$(docker run -d "${envs[@]}" -v "$model:/opt/ml/model:ro" "$target" serve)
trap 'docker stop -t 20 "$server" >/dev/null 2>&1 || true; docker rm -f "$server" >/dev/null 2>&1 || true' EXIT

# The input's folder is mounted read-only; a single file is named inside it.
if [ -d "$input" ]; then
  in_dir=$(cd "$input" && pwd) in_arg=/transform/input
else
  in_dir=$(cd "$(dirname "$input")" && pwd) in_arg=/transform/input/$(basename "$input")
fi
docker run --rm --network "container:$server" -v "$in_dir:/transform/input:ro" -v "$output:/transform/output" \
  "$target" transform --endpoint http://127.0.0.1:8080 --output /transform/output "$@" "$in_arg" ||
  { status=$?; docker logs --tail 20 "$server" >&2 || true; exit $status; }
