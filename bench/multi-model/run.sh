#!/usr/bin/env bash
# Multi-model endpoint figures (docs/PERFORMANCE.md, "Multi-model endpoints"), on 127.0.0.1, bounded in time:
#   1. load time per model: MODELS copies (default 1000) of the XGBoost sample's small fixture model loaded one after
#      another into `bin/skiff serve` with SAGEMAKER_MULTI_MODEL=true, timed per POST /models (load.py);
#   2. invoke latency of a loaded model beside single-model: one CSV row, 16 connections, DURATION (wrk), on
#      /models/m000001/invoke of that server, then on /invocations of the same model served single-model;
#   3. how many fit in a 2 GB container: the image (IMAGE, default skiff:latest; docker/build-image.sh makes it) run
#      with `--memory 2g`, models loaded until the first 507 (at most CAP, default 200000): the count, the load times,
#      the container's resident memory and whether the kernel killed it. Skipped without Docker or the image.
# Needs wrk (Debian: apt-get install wrk) and python3.
#   [IMAGE=skiff:latest] [CAP=200000] bench/multi-model/run.sh [DURATION] [MODELS]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/multi-model/common.sh
duration=${1:-15s}
count=${2:-1000}
port=${PORT:-18084}
image=${IMAGE:-skiff:latest}
cap=${CAP:-200000}

./mvnw -q -B -DskipTests package
work=$(mktemp -d)
server=
container=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "$container" ] && docker rm -f "$container" >/dev/null;
      wait 2>/dev/null; rm -rf "$work"' EXIT
models "$work/models" "$count"
head -1 sample-models/xgboost/src/test/resources/fixtures/binary/rows.csv > "$work/row.csv"
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"

serve() { # serve LOG [ENV...]: bin/skiff serve in the background with a 1 GB heap
  local log=$1
  shift
  env "$@" SKIFF_PORT="$port" JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" docker/target/skiff/bin/skiff serve > "$log" 2>&1 &
  server=$!
  await_ping "$port" "$log"
}
latency() { # latency PATH: 10 s of warm-up, then the measured run
  BODY="$work/row.csv" wrk -t2 -c16 -d10s -s bench/http/post.lua "http://127.0.0.1:$port$1" > /dev/null
  BODY="$work/row.csv" wrk -t2 -c16 -d"$duration" --latency -s bench/http/post.lua "http://127.0.0.1:$port$1"
}

echo "== 1. load time: $count small XGBoost models (17 KB each) loaded one after another"
serve "$work/multi.log" SAGEMAKER_MULTI_MODEL=true SKIFF_ML_ROOT="$work"
python3 bench/multi-model/load.py "http://127.0.0.1:$port" "$work/models" "$count"
echo "   server RssAnon with $count models: $(rss "$server") MB"
echo "== 2a. invoke latency, multi-model: POST /models/m000001/invoke, one CSV row, 16 connections, $duration"
latency /models/m000001/invoke
kill "$server"; wait "$server" 2>/dev/null || true; server=
echo "== 2b. invoke latency, single-model, the same model: POST /invocations, one CSV row, 16 connections, $duration"
mkdir -p "$work/single"
ln -s "$work/models/m000001/model" "$work/single/model"
serve "$work/single.log" SKIFF_ML_ROOT="$work/single"
latency /invocations
kill "$server"; wait "$server" 2>/dev/null || true; server=

echo "== 3. how many fit in a 2 GB container ($image, --memory 2g, at most $cap models)"
if ! command -v docker > /dev/null || ! docker image inspect "$image" > /dev/null 2>&1; then
  echo "   skipped: no Docker engine or no image $image (docker/build-image.sh builds it)"
  exit 0
fi
models "$work/capacity" "$cap"
container=$(docker run -d --memory 2g --memory-swap 2g -p "127.0.0.1:$port:8080" \
  -v "$work/capacity:/opt/ml/models:ro" -e SAGEMAKER_MULTI_MODEL=true "$image" serve)
await_ping "$port" /dev/null
python3 bench/multi-model/load.py "http://127.0.0.1:$port" /opt/ml/models "$cap" --until-507
docker exec "$container" sh -c 'grep -E "VmRSS|RssAnon" /proc/1/status'
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^skiff_models_'
curl -s -H 'Content-Type: text/csv' --data-binary @"$work/row.csv" "http://127.0.0.1:$port/models/m000001/invoke"
echo "   OOM-killed: $(docker inspect -f '{{.State.OOMKilled}}' "$container"); running: $(docker inspect -f \
  '{{.State.Running}}' "$container")"
docker logs "$container" 2>&1 | grep -m1 'memory budget' || true
