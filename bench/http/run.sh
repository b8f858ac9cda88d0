#!/usr/bin/env bash
# Loopback load test of `skiff serve` (127.0.0.1 only, bounded in time): /ping, single-row CSV at 16 connections,
# and a 6 MB CSV batch. Serves the runtime's test model (28 features; the prediction is a weighted sum), so the
# figures are the runtime's own cost. Then the same work in-process, without HTTP (JMH ServingWorkBenchmark), so
# the two can be put side by side from one run. Needs wrk (Debian: apt-get install wrk) and python3.
#   bench/http/run.sh [DURATION]      e.g. bench/http/run.sh 20s
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/common.sh
duration=${1:-15s}
port=${PORT:-18080}

./mvnw -q -B -DskipTests package   # also builds bench/target/benchmarks.jar
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/ml/model" "$work/plugins"
printf 'features=28\nweight=1\n' > "$work/ml/model/sum-model"
cp runtime/target/skiff-runtime-*-tests.jar "$work/plugins/"
rows=$(python3 bench/http/payloads.py "$work" 6)

SKIFF_ML_ROOT="$work/ml" SKIFF_PLUGINS_DIR="$work/plugins" SKIFF_PORT="$port" SKIFF_MAX_PAYLOAD_MB=7 \
  JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" docker/target/skiff/bin/skiff serve > "$work/server.log" 2>&1 &
server=$!
await_and_warm "$port" "$work/server.log" "$work"
echo "== GET /ping, 16 connections, $duration"
wrk -t2 -c16 -d"$duration" --latency "http://127.0.0.1:$port/ping"
echo "== POST /invocations, one 28-feature CSV row, 16 connections, $duration"
BODY="$work/row.csv" wrk -t2 -c16 -d"$duration" --latency -s bench/http/post.lua "http://127.0.0.1:$port/invocations"
echo "== POST /invocations, 6 MB CSV batch ($rows rows), 2 connections, $duration"
BODY="$work/batch.csv" wrk -t1 -c2 -d"$duration" --timeout 30s --latency -s bench/http/post.lua \
  "http://127.0.0.1:$port/invocations"
echo "rows per batch request: $rows (rows/s = requests/s x $rows)"

kill "$server"; wait "$server" 2>/dev/null || true
echo "== the same work in-process, one thread, no HTTP (JMH)"
java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 2s ServingWorkBenchmark
