#!/usr/bin/env bash
# The main job in one command: build, train the sample model (XGBoost on local_test/test_dir, as SageMaker would),
# serve it, and send it the sample payloads (CSV, JSON, JSON Lines). In Docker when an engine answers (the image is
# built first with docker/build-image.sh), else on this host with the plain distribution.
#
#   local_test/run_main_job.sh           Docker if `docker info` works, else this host
#   local_test/run_main_job.sh --host    this host, even where Docker runs
#
# The server listens on 127.0.0.1:$PORT (default 8080) and is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source local_test/common.sh
export PORT

case "${1:-}" in
  --host) mode=host ;;
  "") if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then mode=docker; else mode=host; fi ;;
  *) echo "usage: $0 [--host]" >&2; exit 2 ;;
esac

if [ "$mode" = docker ]; then
  echo "== build: the image (docker/build-image.sh skiff:local)"
  docker/build-image.sh skiff:local
  target=skiff:local
else
  echo "== build: the distribution (Docker is not used: $( [ "${1:-}" = --host ] && echo "--host" || echo "no engine answers"))"
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
