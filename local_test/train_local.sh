#!/usr/bin/env bash
# Runs a training job like SageMaker's: local_test/test_dir is /opt/ml; the model lands in test_dir/model/
# (and a failure's reason in test_dir/output/failure).
#
#   local_test/train_local.sh IMAGE     in Docker: docker run -v test_dir:/opt/ml IMAGE train
#   local_test/train_local.sh --host    without Docker: docker/target/skiff/bin/skiff train
#
# SKIFF_* and SAGEMAKER_* variables set in the environment are passed to the container.
set -euo pipefail
source "$(dirname "$0")/common.sh"

usage() {
  echo "usage: $0 IMAGE | --host" >&2
  echo "  IMAGE   train in Docker with test_dir mounted as /opt/ml (e.g. skiff:latest, from docker/build-image.sh)" >&2
  echo "  --host  train on this machine without Docker (needs ./mvnw package)" >&2
  exit 2
}
[ $# -eq 1 ] || usage
case "$1" in -h|--help|"") usage ;; esac

mkdir -p "$TEST_DIR/model" "$TEST_DIR/output"
if [ "$1" = --host ]; then
  require_distribution
  SKIFF_ML_ROOT=$TEST_DIR exec "$SKIFF_BIN" train
fi

require_docker
mapfile -t envs < <(passthrough_env)
exec docker run --rm "${envs[@]}" -v "$TEST_DIR:/opt/ml" "$1" train
