#!/usr/bin/env bash
# Where a 1,000-row batch request's CPU goes, by server thread (127.0.0.1 only, bounded in time): serves the XGBoost
# model of bench/http/xgboost.sh with the environment's settings, warms it up (and 5 s of 1,000-row batches), then
# posts 1,000-row CSV batches at 4 connections for DURATION and prints the requests wrk completed and, for each group
# of server threads (the kernel's first 15 characters of the name, without the number: model-xgboost- predicts,
# multiThreadIoEv are Netty's event loops, which read HTTP, decode and write), the user and system CPU it spent
# during the load (/proc/PID/task/*/stat), in total and per request. What is left of the cores' time went to wrk and
# to the kernel outside the server's threads.
# SKIFF_DIST runs another build; alternate two builds to compare them in one run:
#   for i in 1 2 3 4; do SKIFF_DIST=/tmp/before/docker/target/skiff bench/http/thread-cpu.sh; bench/http/thread-cpu.sh; done
#   [SKIFF_DIST=DIR] bench/http/thread-cpu.sh [DURATION]      (DURATION in seconds, default 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/common.sh
duration=${1:-10}
port=${PORT:-18087}

work=$(mktemp -d)
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
train_xgboost "$work" > /dev/null
python3 bench/http/payloads.py "$work" 1 > /dev/null
serve_with "$work" "$port" > "$work/serve.out"
grep "^== machine" "$work/serve.out" || true
url="http://127.0.0.1:$port/invocations"
BODY="$work/rows1000.csv" wrk -t2 -c4 -d5s -s bench/http/post.lua "$url" > /dev/null

# thread group, user ticks, system ticks: fields 14 and 15 of stat, after the "(name)" that may hold spaces
cpu_by_group() {
  for task in /proc/"$server"/task/*; do
    echo "$(tr ' ' '_' < "$task/comm") $(sed 's/.*) //' "$task/stat" | cut -d' ' -f12,13)"
  done | awk '{ sub(/[0-9]+$/, "", $1); user[$1] += $2; sys[$1] += $3 }
              END { for (g in user) print g, user[g], sys[g] }' | sort
}

cpu_by_group > "$work/before"
requests=$(BODY="$work/rows1000.csv" wrk -t2 -c4 -d"${duration}s" -s bench/http/post.lua "$url" \
  | awk '/requests in/ { print $1 }')
cpu_by_group > "$work/after"
echo "== $dist: $requests requests of 1,000 rows in ${duration} s, 4 connections"
join "$work/before" "$work/after" | awk -v hz="$(getconf CLK_TCK)" -v n="$requests" '
  { user = ($4 - $2) / hz; sys = ($5 - $3) / hz
    if (user + sys > 0.05) printf "%-32s user %6.2f s  sys %5.2f s  per request: user %.3f ms, sys %.3f ms\n",
                                  $1, user, sys, 1000 * user / n, 1000 * sys / n }'
