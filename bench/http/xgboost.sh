#!/usr/bin/env bash
# Loopback load test of the XGBoost sample (127.0.0.1 only, bounded in time): trains a 100-tree, depth-6 model on
# 28 synthetic features with `skiff train`, serves it with `skiff serve`, and measures, in one run:
#   1. with the environment's settings (by default the JVM evaluator, micro-batching on): GET /ping and one CSV row
#      at 16 connections, 1,000-row CSV batches at 4 connections, a 6 MB batch at 2 connections as CSV, as JSON
#      and as dense RecordIO-protobuf (the same rows);
#   2. unless MATRIX=0: /ping, one CSV row (16 connections) and 1,000-row batches (4 connections) for both
#      evaluators (SKIFF_XGBOOST_EVALUATOR jvm, xgboost4j), each with cross-request micro-batching on (the default
#      SKIFF_MICRO_BATCH_ROWS) and off (0);
#   3. unless SKIP_JMH=1: both evaluators' own predict on rows of the same shape (JMH), for the ratio.
# SKIFF_DIST runs another build (bench/before-after.sh); SKIP_BUILD=1 skips `./mvnw package`.
# Needs wrk (Debian: apt-get install wrk) and python3.
#   [SKIFF_XGBOOST_EVALUATOR=jvm|xgboost4j] [SKIFF_MICRO_BATCH_ROWS=N] [MATRIX=0] bench/http/xgboost.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/common.sh
duration=${1:-15s}
port=${PORT:-18082}

[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B -DskipTests package
work=$(mktemp -d)
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
train_xgboost "$work"
rows=$(python3 bench/http/payloads.py "$work" 6)
java -cp bench/target/benchmarks.jar dev.skiff.bench.RecordIoPayload "$work/batch.csv" "$work/batch.pbr"
url="http://127.0.0.1:$port"

serve_with "$work" "$port"
grep -o 'evaluator .*' "$work/server.log" | head -1 || true
# serve_with warms CSV only; without this, the first JSON and RecordIO loads measured their paths' compilation too
# (a RecordIO p99 of 202 ms where a second 15 s load on the same server gave 41 ms)
for body in batch.json:application/json batch.pbr:application/x-recordio-protobuf; do
  BODY="$work/${body%%:*}" CONTENT_TYPE="${body#*:}" wrk -t1 -c2 -d5s --timeout 30s -s bench/http/post.lua \
    "$url/invocations" > /dev/null
done
load "GET /ping" 16 "$duration" "$url/ping"
load "XGBoost: POST /invocations, one CSV row" 16 "$duration" "$url/invocations" "$work/row.csv"
load "XGBoost: POST /invocations, 1,000-row CSV batch" 4 "$duration" "$url/invocations" "$work/rows1000.csv"
load "XGBoost: POST /invocations, 6 MB CSV batch ($rows rows)" 2 "$duration" "$url/invocations" "$work/batch.csv"
load "XGBoost: POST /invocations, the same rows as JSON" 2 "$duration" "$url/invocations" "$work/batch.json" \
  application/json
load "XGBoost: POST /invocations, the same rows as RecordIO-protobuf (dense Float32)" 2 "$duration" \
  "$url/invocations" "$work/batch.pbr" application/x-recordio-protobuf
echo "rows per batch request: $rows (rows/s = requests/s x $rows); 1,000-row batches: rows/s = requests/s x 1000"
stop_server

if [ "${MATRIX:-1}" != 0 ]; then
  for evaluator in jvm xgboost4j; do
    for merge in "${SKIFF_MICRO_BATCH_ROWS:-1000}" 0; do
      serve_with "$work" "$port" SKIFF_XGBOOST_EVALUATOR="$evaluator" SKIFF_MICRO_BATCH_ROWS="$merge"
      load "[$evaluator, micro-batch rows $merge] GET /ping" 16 "$duration" "$url/ping"
      load "[$evaluator, micro-batch rows $merge] one CSV row" 16 "$duration" "$url/invocations" "$work/row.csv"
      load "[$evaluator, micro-batch rows $merge] 1,000-row CSV batch" 4 "$duration" "$url/invocations" \
        "$work/rows1000.csv"
      stop_server
    done
  done
fi

if [ "${SKIP_JMH:-}" != 1 ]; then
  echo "== XGBoost4J in-place predict in-process (JMH), 1 and 2 threads, nthread=1 as the sample uses with 2 workers"
  java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 2s -p rows=21000 -p nthread=1 -t 1 \
    'XGBoostPredictBenchmark.inplaceBatch'
  java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 2s -p rows=21000 -p nthread=1 -t 2 \
    'XGBoostPredictBenchmark.inplaceBatch'
  echo "== JVM tree evaluator in-process (JMH), the same rows, 1 and 2 threads"
  java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 2s -p rows=21000 -t 1 'TreeEvaluatorBenchmark.jvm'
  java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 2s -p rows=21000 -t 2 'TreeEvaluatorBenchmark.jvm'
fi
