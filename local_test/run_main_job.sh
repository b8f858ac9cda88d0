#!/usr/bin/env bash
# The main job in one command: build, train the sample model (XGBoost on local_test/test_dir, as SageMaker would),
# serve it, and send it the sample payloads (CSV, JSON, JSON Lines). In Docker when an engine answers (the image is
# built first with docker/build-image.sh, which builds a Debian base itself where no registry is reachable), else on
# this host with the plain distribution, saying why. As root on a Debian-like machine it installs what it lacks
# (a JDK 17, curl, unzip; debootstrap for the offline base), saying so.
#
#   local_test/run_main_job.sh           Docker if `docker info` works, else this host
#   local_test/run_main_job.sh --host    this host, even where Docker runs
#
# The server listens on 127.0.0.1:$PORT (default 8080) and is stopped at the end; IMAGE_TAG (default skiff:local)
# names the image it builds.
set -euo pipefail
cd "$(dirname "$0")/.."
source local_test/common.sh
export PORT

case "${1:-}" in
  --host) mode=host why="--host" ;;
  "") why=$(docker_unusable); if [ -z "$why" ]; then mode=docker; else mode=host; fi ;;
  *) echo "usage: $0 [--host]" >&2; exit 2 ;;
esac
require_build_tools

if [ "$mode" = docker ]; then
  target=${IMAGE_TAG:-skiff:local}
  echo "== build: the image (docker/build-image.sh $target)"
  docker/build-image.sh "$target"
else
  echo "== build: the distribution, to run on this host without Docker: $why"
  ./mvnw -q -B -DskipTests package
  target=--host
fi

echo "== train: local_test/train_local.sh $target"
local_test/train_local.sh "$target"

echo "== serve: local_test/serve_local.sh $target (port $PORT)"
log=$(mktemp)
local_test/serve_local.sh "$target" > "$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/ping" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; echo "the server exited" >&2; exit 1; }
  sleep 0.1
done
curl -sf "http://127.0.0.1:$PORT/ping" >/dev/null || { cat "$log"; echo "no 200 on /ping within 60 s" >&2; exit 1; }

for payload in local_test/test_dir/payloads/*; do
  echo "== predict: local_test/predict.sh $payload"
  local_test/predict.sh "$payload"
done
echo "== done: the model is in local_test/test_dir/model/"
