#!/usr/bin/env bash
# Loopback load test of a raw model (127.0.0.1 only, bounded in time): trains the Tribuo text classifier on the
# bundled corpus with `skiff train`, serves it with `skiff serve`, and posts text/plain bodies: one short description
# at 16 connections (the raw path's per-request cost: the body copied into the model's pipe, one hop to a model
# thread), then a 1 MB text at 2 connections (the body streamed through the 256 KiB window). Needs wrk.
#   bench/http/text.sh [DURATION]      e.g. bench/http/text.sh 20s
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/common.sh
duration=${1:-15s}
port=${PORT:-18081}

./mvnw -q -B -DskipTests package
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
ml=$work/ml
mkdir -p "$ml/input/config" "$ml/input/data/train" "$ml/input/data/validation" "$ml/model" "$ml/output"
cp sample-models/tribuo/data/packages-train.jsonl "$ml/input/data/train/"
cp sample-models/tribuo/data/packages-validation.jsonl "$ml/input/data/validation/"
echo '{"skiff_trainer": "tribuo-text"}' > "$ml/input/config/hyperparameters.json"
SKIFF_ML_ROOT="$ml" docker/target/skiff/bin/skiff train > "$work/train.log" 2>&1 || { cat "$work/train.log"; exit 1; }
grep -o 'validation-accuracy=[0-9.]*' "$work/train.log"

# await_and_warm posts $work/row.csv and $work/batch.csv; here they are texts.
printf 'multiplayer card game for the GNOME desktop' > "$work/row.csv"
python3 - "$work/batch.csv" <<'PY'
import sys
sentence = "spam filter for the mail server, IMAP and POP3 mailbox tools. "
open(sys.argv[1], "w").write(sentence * (1_000_000 // len(sentence)))
PY
export CONTENT_TYPE=text/plain
SKIFF_ML_ROOT="$ml" SKIFF_PORT="$port" JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" \
  docker/target/skiff/bin/skiff serve > "$work/server.log" 2>&1 &
server=$!
await_and_warm "$port" "$work/server.log" "$work"
echo "== POST /invocations, one short text (text/plain), 16 connections, $duration"
BODY="$work/row.csv" wrk -t2 -c16 -d"$duration" --latency -s bench/http/post.lua "http://127.0.0.1:$port/invocations"
echo "== POST /invocations, a 1 MB text, 2 connections, $duration"
BODY="$work/batch.csv" wrk -t1 -c2 -d"$duration" --timeout 30s --latency -s bench/http/post.lua \
  "http://127.0.0.1:$port/invocations"
kill "$server"; wait "$server" 2>/dev/null || true; server=
