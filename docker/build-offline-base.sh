#!/usr/bin/env bash
# Builds a local base image for machines that cannot pull from any registry: a minimal Debian (debootstrap) with
# OpenJDK 17's headless JRE and libgomp1 (XGBoost's OpenMP runtime), imported with `docker import`.
#
#   docker/build-offline-base.sh [TAG]        default TAG: skiff/base-offline:bookworm-jre17
#
# Needs root and a running Docker engine; installs debootstrap with apt-get when it is missing. Reaches only the
# Debian mirror this machine's apt uses (docker/debian-mirror.sh reads it from /etc/apt), or DEBIAN_MIRROR when set.
# Where a registry is reachable, prefer the Dockerfile's default public base (eclipse-temurin:17-jre).
set -euo pipefail

usage() { echo "usage: $0 [TAG]   (default: skiff/base-offline:bookworm-jre17)" >&2; exit 2; }
[ $# -le 1 ] || usage
case "${1:-}" in -h|--help) usage ;; esac

TAG=${1:-skiff/base-offline:bookworm-jre17}
SUITE=${DEBIAN_SUITE:-bookworm}
here=$(cd "$(dirname "$0")" && pwd)

[ "$(id -u)" = 0 ] || { echo "building the offline base needs root (debootstrap, chroot)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "Docker is not running (docker info failed): start dockerd first" >&2; exit 1; }
MIRROR=${DEBIAN_MIRROR:-$("$here/debian-mirror.sh" "$SUITE")}
if ! command -v debootstrap >/dev/null; then
  echo "installing debootstrap (apt-get) to build the offline base"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq debootstrap; } >/dev/null || {
    echo "apt-get install debootstrap failed" >&2; exit 1; }
fi
# debootstrap reads http_proxy from the environment only; apt may have its proxy in its own configuration.
if [ -z "${http_proxy:-}" ]; then
  eval "$(apt-config shell http_proxy Acquire::http::Proxy 2>/dev/null || true)"
  [ -z "${http_proxy:-}" ] || export http_proxy
fi

rootfs=$(mktemp -d /tmp/skiff-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

echo "debootstrap $SUITE from $MIRROR into $rootfs ..."
debootstrap --variant=minbase --include=openjdk-17-jre-headless,libgomp1,ca-certificates \
  "$SUITE" "$rootfs" "$MIRROR" >"$rootfs.log" 2>&1 || { tail -20 "$rootfs.log" >&2; exit 1; }
rm -f "$rootfs.log"

# Slim it: package caches and lists, docs and man pages are not needed at run time.
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
       "$rootfs"/usr/share/info/* "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/log/*.log

java_home=$(dirname "$(dirname "$(readlink -f "$rootfs/usr/bin/java" | sed "s#^$rootfs##")")")
# The JDK's own CDS archive (classes.jsa) must exist: the image's AppCDS archive is layered on top of it.
if [ ! -f "$rootfs$java_home/lib/server/classes.jsa" ]; then
  chroot "$rootfs" java -Xshare:dump >/dev/null
fi

tar -C "$rootfs" -c . | docker import \
  --change "ENV JAVA_HOME=$java_home" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "$TAG" >/dev/null
echo "built $TAG ($(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}'))"
