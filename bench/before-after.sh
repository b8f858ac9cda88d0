#!/usr/bin/env bash
# Before and after from one run: builds REF (the commit to compare with, e.g. `git merge-base main HEAD` before a
# branch, or main before a change landed) from `git archive` in a temporary directory, builds this checkout, then
# runs the same benchmarks on both builds, alternating (before, after, before, after) so that both see the same
# machine:
#   jmh   CodecBenchmark (decodeCsv, decodeJson) and ServingWorkBenchmark, ROUNDS rounds (default 2)
#   http  bench/http/xgboost.sh (MATRIX=0, SKIP_JMH=1: /ping, one row, 1,000-row and 6 MB batches) once per build,
#         with the environment's SKIFF_XGBOOST_EVALUATOR (set it to xgboost4j for the issue's "today" figures)
#   all   both (the default)
# The JMH lines and wrk's summaries are printed as they come, each under the build's name.
#   bench/before-after.sh REF [jmh|http|all] [DURATION]      e.g. bench/before-after.sh main~5 all 15s
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:?usage: bench/before-after.sh REF [jmh|http|all] [DURATION]}
what=${2:-all}
duration=${3:-15s}
rounds=${ROUNDS:-2}
before=$(mktemp -d)
trap 'rm -rf "$before"' EXIT

echo "== building $ref ($(git rev-parse --short "$ref")) in $before"
git archive "$ref" | tar -x -C "$before"
(cd "$before" && ./mvnw -q -B -DskipTests package)
echo "== building this checkout ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with changes'))"
./mvnw -q -B -DskipTests package

if [ "$what" = jmh ] || [ "$what" = all ]; then
  for round in $(seq 1 "$rounds"); do
    for side in before after; do
      jar=bench/target/benchmarks.jar
      [ "$side" = before ] && jar="$before/bench/target/benchmarks.jar"
      echo "== JMH, round $round, $side"
      java -jar "$jar" -f 1 -wi 3 -i 5 -w 1s -r 1s 'CodecBenchmark.decode(Csv|Json)$' 'ServingWorkBenchmark' \
        | grep -E '^(Benchmark|CodecBenchmark|ServingWorkBenchmark)'
    done
  done
fi

if [ "$what" = http ] || [ "$what" = all ]; then
  for side in before after; do
    dist=docker/target/skiff
    [ "$side" = before ] && dist="$before/docker/target/skiff"
    echo "== HTTP, $side"
    # the load scripts of this checkout, run against each build (the same loads, the same trained model shape)
    SKIFF_DIST="$(cd "$dist" && pwd)" SKIP_BUILD=1 MATRIX=0 SKIP_JMH=1 bench/http/xgboost.sh "$duration" \
      | grep -E '^(==|Requests/sec| +99%|rows per)'
  done
fi
