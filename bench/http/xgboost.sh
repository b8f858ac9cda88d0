#!/usr/bin/env bash
# Loopback load test of the XGBoost sample (127.0.0.1 only, bounded in time): trains a 100-tree, depth-6 model on
# 28 synthetic features with `skiff train`, serves it with `skiff serve`, and posts a 6 MB batch as CSV, as JSON and
# as dense RecordIO-protobuf (the same rows) and a single CSV row; then both evaluators' own predict on rows of the
# same shape (JMH), for the ratio. The server uses the sample's default evaluator (the JVM one);
# SKIFF_XGBOOST_EVALUATOR=xgboost4j in the environment serves through XGBoost4J instead.
# Needs wrk (Debian: apt-get install wrk) and python3.
#   [SKIFF_XGBOOST_EVALUATOR=jvm|xgboost4j] bench/http/xgboost.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/common.sh
duration=${1:-15s}
port=${PORT:-18082}

./mvnw -q -B -DskipTests package
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/ml/input/config" "$work/ml/input/data/train"
python3 - "$work/ml/input/data/train/train.csv" <<'PY'
import random, sys
rng = random.Random(7)
with open(sys.argv[1], "w") as f:
    for _ in range(20000):
        x = [rng.uniform(-3, 3) for _ in range(28)]
        label = 1 if x[0] * x[1] + x[2] - 0.5 * x[3] + rng.gauss(0, 1) > 0 else 0
        f.write(str(label) + "," + ",".join(f"{v:.6f}" for v in x) + "\n")
PY
echo '{"skiff_trainer": "xgboost", "num_round": "100", "max_depth": "6", "objective": "binary:logistic"}' \
  > "$work/ml/input/config/hyperparameters.json"
SKIFF_ML_ROOT="$work/ml" docker/target/skiff/bin/skiff train > "$work/train.log" 2>&1 || { cat "$work/train.log"; exit 1; }
rows=$(python3 bench/http/payloads.py "$work" 6)
java -cp bench/target/benchmarks.jar dev.skiff.bench.RecordIoPayload "$work/batch.csv" "$work/batch.pbr"

SKIFF_ML_ROOT="$work/ml" SKIFF_PORT="$port" SKIFF_MAX_PAYLOAD_MB=20 JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" \
  docker/target/skiff/bin/skiff serve > "$work/server.log" 2>&1 &
server=$!
await_and_warm "$port" "$work/server.log" "$work"
grep -o 'evaluator .*' "$work/server.log" | head -1 || true
echo "== XGBoost: POST /invocations, 6 MB CSV batch ($rows rows), 2 connections, $duration"
BODY="$work/batch.csv" wrk -t1 -c2 -d"$duration" --timeout 30s --latency -s bench/http/post.lua \
  "http://127.0.0.1:$port/invocations"
echo "== XGBoost: POST /invocations, the same rows as JSON, 2 connections, $duration"
BODY="$work/batch.json" CONTENT_TYPE=application/json wrk -t1 -c2 -d"$duration" --timeout 30s --latency \
  -s bench/http/post.lua "http://127.0.0.1:$port/invocations"
echo "== XGBoost: POST /invocations, the same rows as RecordIO-protobuf (dense Float32), 2 connections, $duration"
BODY="$work/batch.pbr" CONTENT_TYPE=application/x-recordio-protobuf wrk -t1 -c2 -d"$duration" --timeout 30s \
  --latency -s bench/http/post.lua "http://127.0.0.1:$port/invocations"
echo "== XGBoost: POST /invocations, one CSV row, 16 connections, $duration"
BODY="$work/row.csv" wrk -t2 -c16 -d"$duration" --latency -s bench/http/post.lua "http://127.0.0.1:$port/invocations"
echo "rows per batch request: $rows (rows/s = requests/s x $rows)"
kill "$server"; wait "$server" 2>/dev/null || true; server=

echo "== XGBoost4J in-place predict in-process (JMH), 1 and 2 threads, nthread=1 as the sample uses with 2 workers"
java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 2s -p rows=21000 -p nthread=1 -t 1 \
  'XGBoostPredictBenchmark.inplaceBatch'
java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 2s -p rows=21000 -p nthread=1 -t 2 \
  'XGBoostPredictBenchmark.inplaceBatch'
echo "== JVM tree evaluator in-process (JMH), the same rows, 1 and 2 threads"
java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 2s -p rows=21000 -t 1 'TreeEvaluatorBenchmark.jvm'
java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 2s -r 2s -p rows=21000 -t 2 'TreeEvaluatorBenchmark.jvm'
