# Sourced by the load scripts. Not meant to be run.

# The Skiff distribution the scripts run: SKIFF_DIST, else this checkout's build (bench/before-after.sh points it at
# another commit's build).
dist=${SKIFF_DIST:-docker/target/skiff}
server=

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

# serve_with WORK PORT [VAR=VALUE...]: starts `skiff serve` on the model in WORK/ml with these variables besides the
# caller's environment (-Xmx1g unless JAVA_OPTS says otherwise), waits for it and warms it up; stop_server ends it.
serve_with() {
  local work=$1 port=$2
  shift 2
  echo "== serving with: ${*:-the settings in the environment}"
  env "$@" SKIFF_ML_ROOT="$work/ml" SKIFF_PORT="$port" SKIFF_MAX_PAYLOAD_MB=20 JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" \
    "$dist/bin/skiff" serve > "$work/server.log" 2>&1 &
  server=$!
  await_and_warm "$port" "$work/server.log" "$work"
  grep -o "model '.*' ready.*" "$work/server.log" | head -1 || true
}

stop_server() {
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
}

# load TITLE CONNECTIONS DURATION URL [BODY [CONTENT_TYPE]]: one wrk run (GET without a body, else POST of the file).
load() {
  local title=$1 connections=$2 duration=$3 url=$4 body=${5:-} type=${6:-text/csv}
  local threads=$(( connections < 2 ? 1 : 2 ))
  echo "== $title, $connections connections, $duration"
  if [ -z "$body" ]; then
    wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url"
  else
    BODY="$body" CONTENT_TYPE="$type" wrk -t"$threads" -c"$connections" -d"$duration" --timeout 30s --latency \
      -s bench/http/post.lua "$url"
  fi
}

# train_xgboost WORK: trains the load tests' XGBoost model (100 trees of depth 6, binary:logistic, on 20,000 synthetic
# rows of 28 features) into WORK/ml/model with `skiff train`.
train_xgboost() {
  local work=$1
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
  # a channel without a ContentType is libsvm, as in SageMaker's XGBoost container
  echo '{"train": {"ContentType": "text/csv"}}' > "$work/ml/input/config/inputdataconfig.json"
  SKIFF_ML_ROOT="$work/ml" "$dist/bin/skiff" train > "$work/train.log" 2>&1 || { cat "$work/train.log"; exit 1; }
}
