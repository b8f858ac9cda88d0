#!/usr/bin/env bash
# Serves local_test/test_dir/model like a SageMaker endpoint, on 127.0.0.1:$PORT (default 8080), until Ctrl-C.
#
#   local_test/serve_local.sh IMAGE     in Docker: docker run -p 127.0.0.1:8080:8080 -v test_dir/model:/opt/ml/model IMAGE serve
#   local_test/serve_local.sh --host    without Docker: docker/target/skiff/bin/skiff serve
#
# Then: local_test/predict.sh local_test/test_dir/payloads/payload.csv
# SKIFF_* and SAGEMAKER_* variables set in the environment are passed to the container.
# A model that fails to load keeps the server up here (/ping answers 503 with the reason) instead of ending it as in
# SageMaker: SKIFF_KEEP_SERVING_ON_LOAD_FAILURE=true, unless set otherwise in the environment.
set -euo pipefail
source "$(dirname "$0")/common.sh"
export SKIFF_KEEP_SERVING_ON_LOAD_FAILURE=${SKIFF_KEEP_SERVING_ON_LOAD_FAILURE:-true}

usage() {
  echo "usage: $0 IMAGE | --host     (PORT=$PORT)" >&2
  echo "  IMAGE   serve in Docker, test_dir/model mounted read-only as /opt/ml/model" >&2
  echo "  --host  serve on this machine without Docker (needs ./mvnw package)" >&2
  exit 2
}
[ $# -eq 1 ] || usage
case "$1" in -h|--help|"") usage ;; esac

if [ ! -d "$TEST_DIR/model" ] || [ -z "$(ls -A "$TEST_DIR/model" 2>/dev/null | grep -v '^\.')" ]; then
  echo "note: $TEST_DIR/model is empty: /ping will answer 503 until a model is there (run train_local.sh first)" >&2
fi

if [ "$1" = --host ]; then
  require_distribution
  SKIFF_ML_ROOT=$TEST_DIR SKIFF_PORT=$PORT exec "$SKIFF_BIN" serve
fi

require_docker
mapfile -t envs < <(passthrough_env)
# SageMaker mounts the model read-only; the port is published on loopback only.
exec docker run --rm "${envs[@]}" -p "127.0.0.1:$PORT:8080" -v "$TEST_DIR/model:/opt/ml/model:ro" "$1" serve
