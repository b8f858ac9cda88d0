#!/usr/bin/env bash
# Loopback load test of the Tribuo sample (127.0.0.1 only, bounded in time): trains the wine-quality regression
# (sample-models/tribuo/data, linear SGD) with `skiff train`, serves it, and measures GET /ping and one CSV row at
# 16 connections and the 300 validation rows as one CSV batch at 4 connections, with cross-request micro-batching
# on (the default SKIFF_MICRO_BATCH_ROWS) and off (0), in one run.
# SKIFF_DIST runs another build; SKIP_BUILD=1 skips `./mvnw package`. Needs wrk and python3.
#   bench/http/tribuo.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/common.sh
duration=${1:-15s}
port=${PORT:-18084}

[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B -DskipTests package
work=$(mktemp -d)
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/ml/input/config" "$work/ml/input/data/train"
cp sample-models/tribuo/data/wine-train.csv "$work/ml/input/data/train/"
echo '{"skiff_trainer": "tribuo", "task": "regression", "label": "quality"}' \
  > "$work/ml/input/config/hyperparameters.json"
SKIFF_ML_ROOT="$work/ml" "$dist/bin/skiff" train > "$work/train.log" 2>&1 || { cat "$work/train.log"; exit 1; }
# requests: the validation rows without their header and their label (the last column)
tail -n +2 sample-models/tribuo/data/wine-validation.csv | sed 's/,[^,]*$//' > "$work/batch.csv"
head -1 "$work/batch.csv" > "$work/row.csv"
url="http://127.0.0.1:$port"

for merge in "${SKIFF_MICRO_BATCH_ROWS:-1000}" 0; do
  serve_with "$work" "$port" SKIFF_MICRO_BATCH_ROWS="$merge"
  load "[Tribuo, micro-batch rows $merge] GET /ping" 16 "$duration" "$url/ping"
  load "[Tribuo, micro-batch rows $merge] one CSV row" 16 "$duration" "$url/invocations" "$work/row.csv"
  load "[Tribuo, micro-batch rows $merge] 300-row CSV batch" 4 "$duration" "$url/invocations" "$work/batch.csv"
  stop_server
done
