#!/usr/bin/env bash
# The same XGBoost training job on 1, 2, ... HOSTS local containers of the image, each host on one Docker network
# as algo-N with its own /opt/ml and its shard of the data (bench/training/regions.py: a regression sharded by
# region, so every shard matters). Prints a Markdown table: hosts, wall time (first container started to last one
# ended), the master's training time (skiff-model.json's duration), the validation RMSE the master logged (XGBoost
# computes it over every host's validation shard) and the holdout RMSE of the saved model scored by Python's xgboost.
# Bounded: each job gets LIMIT seconds, then its containers are killed; everything it starts is removed on exit.
#
#   bench/training/distributed.sh [HOSTS] [ROWS] [ROUNDS]        default: 3 1000000 100
#
#   IMAGE=skiff:bench      the image (built with docker/build-image.sh when absent)
#   CPUS_PER_HOST=1        each container's --cpus, and XGBoost's nthread to match
#   LIMIT=600              seconds per job
#   PYTHON=/usr/bin/python3   with xgboost and numpy (Debian: python3-xgboost)
#
# On one machine the hosts share its cores: give it at least HOSTS x CPUS_PER_HOST idle cores, or the larger
# groups' times include waiting for a CPU (separate instances do not share).
set -euo pipefail
cd "$(dirname "$0")/../.."
hosts_max=${1:-3}
rows=${2:-1000000}
rounds=${3:-100}
image=${IMAGE:-skiff:bench}
cpus=${CPUS_PER_HOST:-1}
limit=${LIMIT:-600}
python=${PYTHON:-/usr/bin/python3}
run=skiff-bench-$$

docker image inspect "$image" >/dev/null 2>&1 || docker/build-image.sh "$image" >&2
work=$(mktemp -d)
cleanup() {
  docker ps -aq --filter "name=^$run-" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker network ls -q --filter "name=^$run-" | xargs -r docker network rm >/dev/null 2>&1 || true
  # containers write as root into the bind mounts: remove those files from a container too
  docker run --rm -v "$work:/work" --entrypoint /bin/sh "$image" -c 'rm -rf /work/*' >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "data: $rows training rows, $((rows / 5)) validation rows, 6 features ..." >&2
"$python" bench/training/regions.py data "$work/data" "$hosts_max" "$rows" "$((rows / 5))"

# /opt/ml for host $2 of $1
tree() {
  local n=$1 i=$2 ml=$work/$1-hosts/algo-$2
  mkdir -p "$ml/input/config" "$ml/model" "$ml/output"
  printf '{"num_round": "%s", "objective": "reg:squarederror", "max_depth": "6", "eta": "0.1", "tree_method": "hist", "eval_metric": "rmse", "nthread": "%s", "skiff_trainer": "xgboost"}\n' \
    "$rounds" "$cpus" > "$ml/input/config/hyperparameters.json"
  local list
  list=$(seq 1 "$n" | sed 's/.*/"algo-&"/' | paste -sd, -)
  printf '{"current_host": "algo-%s", "hosts": [%s], "network_interface_name": "eth0"}\n' "$i" "$list" \
    > "$ml/input/config/resourceconfig.json"
  printf '{"train": {"ContentType": "text/csv"}, "validation": {"ContentType": "text/csv"}}\n' \
    > "$ml/input/config/inputdataconfig.json"
  for channel in train validation; do
    mkdir -p "$ml/input/data/$channel"
    cp "$work/data/$n-hosts/host-$i/$channel/part.csv" "$ml/input/data/$channel/"
  done
}

echo "| hosts | wall time (s) | training time on the master (s) | validation RMSE (logged) | holdout RMSE (Python) |"
echo "|---:|---:|---:|---:|---:|"
for n in $(seq 1 "$hosts_max"); do
  docker network create "$run-$n" >/dev/null
  for i in $(seq 1 "$n"); do tree "$n" "$i"; done
  start=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    docker run -d --name "$run-$n-algo-$i" --network "$run-$n" --network-alias "algo-$i" --hostname "algo-$i" \
      --cpus "$cpus" -v "$work/$n-hosts/algo-$i:/opt/ml" "$image" train >/dev/null
  done
  for i in $(seq 1 "$n"); do
    code=$(timeout "$limit" docker wait "$run-$n-algo-$i" || echo timeout)
    if [ "$code" != 0 ]; then
      echo "host algo-$i of $n ended with: $code" >&2
      docker logs --tail 30 "$run-$n-algo-$i" >&2 || true
      exit 1
    fi
  done
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  ml=$work/$n-hosts/algo-1
  trained=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["duration_seconds"])' \
    "$ml/model/skiff-model.json")
  logged=$(docker logs "$run-$n-algo-1" 2>&1 | sed -n 's/.* validation-rmse=\([0-9.eE+-]*\);.*/\1/p' | tail -1)
  holdout=$("$python" bench/training/regions.py score "$ml/model/xgboost-model" "$work/data/holdout.csv")
  printf '| %d | %.1f | %.1f | %.4f | %.4f |\n' "$n" "$wall" "$trained" "$logged" "$holdout"
  docker ps -aq --filter "name=^$run-$n-" | xargs -r docker rm -f >/dev/null
  docker network rm "$run-$n" >/dev/null
done
echo "rows: $rows, rounds: $rounds, max_depth 6, eta 0.1, $cpus CPU(s) and nthread=$cpus per host, image $image" >&2
