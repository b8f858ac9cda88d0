#!/usr/bin/env bash
# Measures cold start: from `docker run -d IMAGE serve` to the first 200 on GET /ping, with and without the image's
# AppCDS archive (SKIFF_CDS_ARCHIVE= turns it off), runs interleaved; prints each run and the medians.
#
#   docker/cold-start.sh IMAGE MODEL_DIR [RUNS]      RUNS default 5
#
# MODEL_DIR is mounted read-only as /opt/ml/model; the port is published on 127.0.0.1 only.
set -euo pipefail

[ $# -ge 2 ] && [ $# -le 3 ] || { echo "usage: $0 IMAGE MODEL_DIR [RUNS]" >&2; exit 2; }
image=$1
model=$(cd "$2" && pwd)
runs=${3:-5}
port=${COLD_START_PORT:-18765}
docker info >/dev/null 2>&1 || { echo "Docker is not running" >&2; exit 1; }

# One run: prints milliseconds from `docker run -d` to the first 200 on /ping.
once() { # EXTRA_DOCKER_ARGS...
  local start end cid
  start=$(date +%s%N)
  cid=$(docker run -d -p "127.0.0.1:$port:8080" -v "$model:/opt/ml/model:ro" "$@" "$image" serve)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ping")" = 200 ]; do
    if [ $(( ($(date +%s%N) - start) / 1000000 )) -gt 60000 ]; then
      docker logs "$cid" >&2; docker rm -f "$cid" >/dev/null; echo "no 200 within 60 s" >&2; exit 1
    fi
    sleep 0.01
  done
  end=$(date +%s%N)
  docker rm -f "$cid" >/dev/null
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

once >/dev/null # warm the page cache and Docker's own caches; not counted
with=() without=()
for i in $(seq "$runs"); do
  with+=("$(once)")
  without+=("$(once -e SKIFF_CDS_ARCHIVE=)")
  echo "run $i: with AppCDS ${with[-1]} ms, without ${without[-1]} ms"
done
echo "median of $runs: with AppCDS $(printf '%s\n' "${with[@]}" | median) ms," \
     "without $(printf '%s\n' "${without[@]}" | median) ms"
