#!/usr/bin/env bash
# Makes a machine ready for the container tests, idempotently (run as root; .ci/run calls it before the tests):
#   1. installs docker.io (the engine) when missing;
#   2. starts dockerd when no engine answers, and waits for it (log: /var/log/skiff-dockerd.log);
#   3. builds the offline base image when absent and BASE_IMAGE is not given (no registry is reachable in CI);
#      build-offline-base.sh installs debootstrap itself and takes the Debian mirror from this machine's apt.
# Exits non-zero when any step fails, so CI fails rather than skipping the container tests.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
offline_base=${SKIFF_OFFLINE_BASE:-skiff/base-offline:bookworm-jre17}

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
if [ ${#missing[@]} -gt 0 ]; then
  echo "ci-setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "ci-setup: starting dockerd"
  nohup dockerd >/var/log/skiff-dockerd.log 2>&1 &
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    tail -20 /var/log/skiff-dockerd.log >&2 || true
    echo "ci-setup: dockerd did not come up within 60 s" >&2
    exit 1
  fi
fi
echo "ci-setup: Docker $(docker version -f '{{.Server.Version}}') is running"

if [ -n "${BASE_IMAGE:-}" ]; then
  echo "ci-setup: BASE_IMAGE=$BASE_IMAGE given; no offline base needed"
elif docker image inspect "$offline_base" >/dev/null 2>&1; then
  echo "ci-setup: offline base $offline_base present"
else
  "$here/build-offline-base.sh" "$offline_base"
fi
