#!/usr/bin/env bash
# Does cross-request micro-batching cost a cheap model anything? Serves the XGBoost model of bench/http/xgboost.sh
# (the JVM evaluator unless SKIFF_XGBOOST_EVALUATOR says otherwise) ROUNDS times with micro-batching on (the default
# SKIFF_MICRO_BATCH_ROWS) and off (0), alternating on, off, on, off so that both see the same machine, and measures
# each server's GET /ping and one CSV row at 16 connections for DURATION (127.0.0.1 only, bounded in time).
# Prints one line per server: setting, /ping req/s, single-row req/s, the row's p99, and row / ping.
#   bench/http/micro-batching-ab.sh [ROUNDS] [DURATION]      e.g. bench/http/micro-batching-ab.sh 4 10s
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/common.sh
rounds=${1:-4}
duration=${2:-10s}
port=${PORT:-18088}

[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B -DskipTests package
work=$(mktemp -d)
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
train_xgboost "$work" > /dev/null
python3 bench/http/payloads.py "$work" 1 > /dev/null
url="http://127.0.0.1:$port"

for round in $(seq 1 "$rounds"); do
  for rows in 1000 0; do
    serve_with "$work" "$port" SKIFF_MICRO_BATCH_ROWS="$rows" > "$work/serve.out"
    ping=$(load "GET /ping" 16 "$duration" "$url/ping" | awk '/Requests\/sec/ { print $2 }')
    single=$(load "one CSV row" 16 "$duration" "$url/invocations" "$work/row.csv")
    stop_server
    echo "$single" | awk -v round="$round" -v rows="$rows" -v ping="$ping" '
      / 99%/ { p99 = $2 } /Requests\/sec/ { req = $2 }
      END { printf "round %d  SKIFF_MICRO_BATCH_ROWS=%-4s  /ping %9.0f req/s  one row %8.0f req/s  p99 %-8s  row/ping %.2f\n",
                   round, rows, ping, req, p99, req / ping }'
  done
done
