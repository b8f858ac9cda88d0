#!/usr/bin/env bash
# Loopback load test of request capture (127.0.0.1 only, bounded in time): the runtime's test model (28 features)
# served three times in one run, with capture off, to JSON Lines files (SKIFF_CAPTURE=jsonl:DIR) and to a local
# PostgreSQL (SKIFF_CAPTURE=postgresql:...), each driven with single CSV rows (16 connections) and a 6 MB CSV batch
# (2 connections); after each, /metrics tells how many records were written, dropped (queue full) or lost.
# Needs wrk (apt-get install wrk), python3 and PostgreSQL's server binaries (apt-get install postgresql).
#   bench/http/capture.sh [DURATION]      e.g. bench/http/capture.sh 20s
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/common.sh
duration=${1:-15s}
port=${PORT:-18081}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/postgres" ] || { echo "PostgreSQL's server binaries are missing (apt-get install postgresql)" >&2; exit 1; }

./mvnw -q -B -DskipTests package
work=$(mktemp -d)
chmod 755 "$work"
server=
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/ml/model" "$work/plugins" "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$work/pg"
printf 'features=28\nweight=1\n' > "$work/ml/model/sum-model"
cp runtime/target/skiff-runtime-*-tests.jar "$work/plugins/"
rows=$(python3 bench/http/payloads.py "$work" 6)
pgport=$((port + 1))
as_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg" -w -l "$work/pg/log" -o "-p $pgport -c listen_addresses=127.0.0.1 -k $work/pg" \
  start >/dev/null

measure() {
  local name=$1 capture=$2
  echo "######## capture: $name"
  SKIFF_ML_ROOT="$work/ml" SKIFF_PLUGINS_DIR="$work/plugins" SKIFF_PORT="$port" SKIFF_MAX_PAYLOAD_MB=7 \
    SKIFF_CAPTURE="$capture" JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" docker/target/skiff/bin/skiff serve \
    > "$work/server-$name.log" 2>&1 &
  server=$!
  await_and_warm "$port" "$work/server-$name.log" "$work"
  echo "== POST /invocations, one 28-feature CSV row, 16 connections, $duration"
  BODY="$work/row.csv" wrk -t2 -c16 -d"$duration" --latency -s bench/http/post.lua "http://127.0.0.1:$port/invocations"
  echo "== POST /invocations, 6 MB CSV batch ($rows rows), 2 connections, $duration"
  BODY="$work/batch.csv" wrk -t1 -c2 -d"$duration" --timeout 30s --latency -s bench/http/post.lua \
    "http://127.0.0.1:$port/invocations"
  echo "== capture records (written / dropped / lost), including the warm-up:"
  curl -s "http://127.0.0.1:$port/metrics" | grep '^skiff_capture_records_total' || echo "(capture off)"
  kill "$server"; wait "$server" 2>/dev/null || true
  server=
}

measure off ""
measure jsonl "jsonl:$work/capture"
measure postgresql "postgresql:jdbc:postgresql://127.0.0.1:$pgport/postgres?user=postgres"
echo "rows per batch request: $rows (rows/s = requests/s x $rows); capture keeps the first 1000 rows of each"
