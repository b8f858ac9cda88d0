# Sourced by the load scripts. Not meant to be run.

# await_and_warm PORT LOG WORK: waits (at most 30 s) for a 200 on /ping, prints the machine, then warms the request
# path up (10 s of single rows and 5 s of batches from WORK/row.csv and WORK/batch.csv, not reported) so the JIT has
# compiled it before anything is measured.
await_and_warm() {
  local port=$1 log=$2 work=$3
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$port/ping" >/dev/null || { cat "$log"; exit 1; }
  echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
  BODY="$work/row.csv" wrk -t2 -c16 -d10s -s bench/http/post.lua "http://127.0.0.1:$port/invocations" > /dev/null
  BODY="$work/batch.csv" wrk -t1 -c2 -d5s --timeout 30s -s bench/http/post.lua \
    "http://127.0.0.1:$port/invocations" > /dev/null
}
