# Sourced by the local_test scripts: paths and the Docker check. Not meant to be run.
LOCAL_TEST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$LOCAL_TEST")
TEST_DIR=$LOCAL_TEST/test_dir
SKIFF_BIN=$REPO/docker/target/skiff/bin/skiff
PORT=${PORT:-8080}

# Why Docker cannot be used here, or nothing when an engine answers.
docker_unusable() {
  if ! command -v docker >/dev/null 2>&1; then
    echo "Docker is not installed"
  elif ! docker info >/dev/null 2>&1; then
    echo "no Docker engine answers (docker info failed)"
  fi
}

# Installs what building and the scripts need when it is missing (a JDK 17, curl, unzip for ./mvnw), with apt-get
# as root, saying so in one line; elsewhere fails naming the packages.
require_build_tools() {
  local missing=()
  command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "missing: ${missing[*]}; install them (e.g. apt-get install ${missing[*]}) or run as root" >&2
    exit 1
  fi
  echo "installing ${missing[*]} (apt-get)"
  { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null
}

# Fails with a clear message when Docker cannot be used here.
require_docker() {
  local why
  why=$(docker_unusable)
  if [ -n "$why" ]; then
    echo "$why. Start the engine (e.g. dockerd, or docker/ci-setup.sh as root), or run without Docker: $0 --host" >&2
    exit 1
  fi
}

# Fails with a clear message when the distribution has not been built.
require_distribution() {
  if [ ! -x "$SKIFF_BIN" ]; then
    echo "$SKIFF_BIN is missing: build it first with ./mvnw -q -B package -DskipTests" >&2
    exit 1
  fi
}

# -e NAME for each SKIFF_* and SAGEMAKER_* variable set here, so they reach the container (paths excluded).
passthrough_env() {
  local name
  for name in $(compgen -e); do
    case "$name" in
      SKIFF_ML_ROOT|SKIFF_HOME|SKIFF_PLUGINS_DIR) ;;
      SKIFF_*|SAGEMAKER_*) printf -- '-e\n%s\n' "$name" ;;
    esac
  done
}
