#!/bin/bash
# Runs at image build: starts `skiff serve`, sends it a few requests, stops it with SIGTERM, and keeps the classes it
# loaded in a dynamic AppCDS archive ($SKIFF_CDS_ARCHIVE). Later starts map those classes instead of parsing and
# verifying them again (see docs/PERFORMANCE.md, "Image"). Uses only bash (/dev/tcp): no curl in the base image needed.
set -euo pipefail

archive=${SKIFF_CDS_ARCHIVE:?}
port=18080
ml=$(mktemp -d)
log=$(mktemp)
mkdir -p "$(dirname "$archive")" "$ml/model"

# There is no model: keep serving (/ping 503) instead of exiting at the load failure, so the requests below run.
SKIFF_ML_ROOT=$ml SKIFF_PORT=$port SAGEMAKER_BIND_TO_PORT=$port SKIFF_KEEP_SERVING_ON_LOAD_FAILURE=true \
JAVA_OPTS="${SKIFF_JVM_DEFAULTS:-} -XX:ArchiveClassesAtExit=$archive" \
  /opt/skiff/bin/skiff serve >"$log" 2>&1 &
pid=$!

# One HTTP/1.1 exchange over bash's /dev/tcp; prints the status line. Fails while nothing listens.
http() { # METHOD PATH [CONTENT_TYPE BODY]
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  if [ $# -gt 2 ]; then
    printf '%s %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
      "$1" "$2" "$3" "${#4}" "$4" >&3
  else
    printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$1" "$2" >&3
  fi
  local status
  IFS= read -r status <&3 || true
  cat <&3 >/dev/null || true
  exec 3<&-
  echo "$1 $2 -> ${status%$'\r'}"
}

for _ in $(seq 600); do
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "skiff serve exited during the CDS run" >&2; exit 1; }
  http GET /ping 2>/dev/null && break
  sleep 0.1
done
# Each route once, and the invocation paths of each format (the model is absent: they answer 503, and load the
# decoding and error classes on the way).
http GET /execution-parameters
http GET /metrics
http GET /no-such-route
http POST /invocations-response-stream text/csv $'1,2,3\n'
http POST /invocations text/csv $'1,2,3\n'
http POST /invocations application/json '{"instances":[[1,2,3]]}'
http POST /invocations application/jsonlines $'[1,2,3]\n'

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
if [ "$status" != 0 ] || [ ! -s "$archive" ]; then
  cat "$log" >&2
  echo "CDS run failed (exit $status); no archive" >&2
  exit 1
fi
rm -rf "$ml" "$log"
echo "AppCDS archive: $archive ($(du -h "$archive" | cut -f1))"
