#!/usr/bin/env bash
# Loads, invokes and unloads the same small XGBoost model CYCLES times (default 1000) in `bin/skiff serve` with
# SAGEMAKER_MULTI_MODEL=true, printing the server's resident anonymous memory (RssAnon) every 100 cycles. The heap is
# touched whole at start (-Xms = -Xmx with AlwaysPreTouch), so what moves is memory outside it: native memory, class
# metadata, JIT code. At the end, where `jcmd` is on PATH (a JDK), it asks for a full collection and prints the figure
# again: each unloaded model's class loader leaves a few KB of metadata until a class-unloading collection.
#   bench/multi-model/cycles.sh [CYCLES]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/multi-model/common.sh
cycles=${1:-1000}
port=${PORT:-18083}

./mvnw -q -B -DskipTests package
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
models "$work/models" 1
url="$work/models/m000001/model"
row=$(head -1 sample-models/xgboost/src/test/resources/fixtures/binary/rows.csv)

SAGEMAKER_MULTI_MODEL=true SKIFF_ML_ROOT="$work" SKIFF_PORT="$port" \
  JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch" docker/target/skiff/bin/skiff serve > "$work/server.log" 2>&1 &
server=$!
await_ping "$port" "$work/server.log"
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1); RssAnon before any load: $(rss "$server") MB"
for i in $(seq 1 "$cycles"); do
  curl -sf -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"model_name\": \"cycled\", \"url\": \"$url\"}" "http://127.0.0.1:$port/models"
  curl -sf -o /dev/null -H 'Content-Type: text/csv' --data-binary "$row" "http://127.0.0.1:$port/models/cycled/invoke"
  curl -sf -o /dev/null -X DELETE "http://127.0.0.1:$port/models/cycled"
  if (( i % 100 == 0 )); then
    echo "$i cycles: RssAnon $(rss "$server") MB"
  fi
done
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^skiff_models_(loaded|memory_used)'
if command -v jcmd > /dev/null; then
  jcmd "$server" GC.run > /dev/null
  echo "after a full collection: RssAnon $(rss "$server") MB"
fi
