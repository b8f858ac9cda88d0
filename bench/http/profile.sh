#!/usr/bin/env bash
# Where a single-row request's time goes: serves the XGBoost model of bench/http/xgboost.sh (JVM evaluator unless
# SKIFF_XGBOOST_EVALUATOR says otherwise; micro-batching as SKIFF_MICRO_BATCH_ROWS says), warms it up, then records
# DURATION of one-row CSV requests at 16 connections with JDK Flight Recorder (the JDK's `profile` settings with Java
# CPU samples every millisecond instead of every 10, and -XX:+DebugNonSafepoints so inlined frames are attributed),
# and prints the summary of bench/http/jfr-top.py. The recording is kept as OUT/single-row.jfr (JDK Mission Control
# opens it). JFR samples threads running Java code only: time in system calls (epoll, socket reads and writes) is not
# in it. PROFILER=async uses async-profiler (tools.profiler:async-profiler:3.0 from Maven Central, loaded into the
# running server with jcmd; CPU samples every millisecond from perf events, or AP_EVENT=itimer where those are not
# allowed), which sees native and kernel frames too; it writes OUT/single-row-async.jfr, summarised the same way.
# PAYLOAD=rows1000.csv CONNECTIONS=4 records 1,000-row batches instead (OUT/rows1000.jfr; any file payloads.py makes).
#   [PROFILER=jfr|async] bench/http/profile.sh [DURATION] [OUT]      e.g. bench/http/profile.sh 20s /tmp/profile
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/http/common.sh
duration=${1:-20s}
out=${2:-$(mktemp -d)}
payload=${PAYLOAD:-row.csv}
connections=${CONNECTIONS:-16}
name=$([ "$payload" = row.csv ] && echo single-row || echo "${payload%.*}")
port=${PORT:-18086}
mkdir -p "$out"

[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B -DskipTests package
work=$(mktemp -d)
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
train_xgboost "$work"
python3 bench/http/payloads.py "$work" 1 > /dev/null
JAVA_OPTS="${JAVA_OPTS:--Xmx1g} -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" serve_with "$work" "$port"
if [ "${PROFILER:-jfr}" = async ]; then
  ./mvnw -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:3.0 -DoutputDirectory="$work"
  unzip -p "$work/async-profiler-3.0.jar" linux-x64/libasyncProfiler.so > "$work/libasyncProfiler.so"
  recording="$out/$name-async.jfr"
  # quoted: jcmd would read the '=' in the agent's options as one of its own key=value arguments
  jcmd "$server" JVMTI.agent_load "$work/libasyncProfiler.so" \
    "\"start,event=${AP_EVENT:-cpu},interval=1ms,jfr,file=$recording\"" > /dev/null
  load "$payload (recorded)" "$connections" "$duration" "http://127.0.0.1:$port/invocations" "$work/$payload"
  jcmd "$server" JVMTI.agent_load "$work/libasyncProfiler.so" stop > /dev/null
else
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  sed 's|java-interval">10 ms<|java-interval">1 ms<|' "$java_home/lib/jfr/profile.jfc" > "$work/profile-1ms.jfc"
  recording="$out/$name.jfr"
  jcmd "$server" JFR.start name="$name" settings="$work/profile-1ms.jfc" > /dev/null
  load "$payload (recorded)" "$connections" "$duration" "http://127.0.0.1:$port/invocations" "$work/$payload"
  jcmd "$server" JFR.stop name="$name" filename="$recording" > /dev/null
fi
stop_server
echo "== recording: $recording"
python3 bench/http/jfr-top.py "$recording" 30
