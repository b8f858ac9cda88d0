#!/usr/bin/env bash
# Builds Skiff's image from a checkout: the Maven build (docker/target/skiff/), then `docker build` of docker/.
#
#   docker/build-image.sh [--skip-maven] [TAG]       default TAG: skiff:latest
#
# Base image: $BASE_IMAGE when given; else the Dockerfile's public default (eclipse-temurin:17-jre) when it is
# present or can be pulled; else the offline base (skiff/base-offline:bookworm-jre17), built by
# docker/build-offline-base.sh when absent. SKIFF_CDS=false builds without the AppCDS archive.
# --skip-maven uses docker/target/skiff/ as it is (the container tests build the image this way).
set -euo pipefail

usage() { echo "usage: $0 [--skip-maven] [TAG]   (default TAG: skiff:latest)" >&2; exit 2; }
skip_maven=false
args=()
for a in "$@"; do
  case "$a" in
    --skip-maven) skip_maven=true ;;
    -h|--help|-*) usage ;;
    *) args+=("$a") ;;
  esac
done
[ ${#args[@]} -le 1 ] || usage
tag=${args[0]:-skiff:latest}

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
public_base=eclipse-temurin:17-jre
offline_base=${SKIFF_OFFLINE_BASE:-skiff/base-offline:bookworm-jre17}

if ! command -v docker >/dev/null || ! docker info >/dev/null 2>&1; then
  echo "Docker is not running (docker info failed). Start it (e.g. dockerd, or docker/ci-setup.sh as root)," >&2
  echo "or run without Docker: docker/target/skiff/bin/skiff serve|train (see docs/IMAGE.md)." >&2
  exit 1
fi

if [ "$skip_maven" = false ]; then
  echo "Maven build (package, tests skipped) ..."
  (cd "$root" && ./mvnw -q -B package -DskipTests)
fi
[ -x "$here/target/skiff/bin/skiff" ] || { echo "no docker/target/skiff/: run ./mvnw package first" >&2; exit 1; }

have() { docker image inspect "$1" >/dev/null 2>&1; }
if [ -n "${BASE_IMAGE:-}" ]; then
  base=$BASE_IMAGE
elif have "$public_base" || timeout 300 docker pull -q "$public_base" >/dev/null 2>&1; then
  base=$public_base
else
  if have "$offline_base"; then
    echo "$public_base cannot be pulled (no registry reachable?): using the offline base $offline_base"
  else
    echo "$public_base cannot be pulled (no registry reachable?): building the offline base $offline_base" \
         "from Debian packages (debootstrap, about a minute)"
    "$here/build-offline-base.sh" "$offline_base"
  fi
  base=$offline_base
fi

# The Docker CLI defaults to BuildKit, which needs the buildx plugin; the classic builder does this Dockerfile too.
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0

echo "docker build $tag (base $base) ..."
log=$(mktemp)
if ! docker build --build-arg "BASE_IMAGE=$base" --build-arg "SKIFF_CDS=${SKIFF_CDS:-true}" -t "$tag" "$here" >"$log" 2>&1
then
  tail -40 "$log" >&2; rm -f "$log"; echo "docker build failed" >&2; exit 1
fi
grep -h 'AppCDS archive' "$log" || true
rm -f "$log"
echo "built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'), base $base)"
