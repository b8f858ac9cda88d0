# Sourced by the local_test scripts: paths and the Docker check. Not meant to be run.
LOCAL_TEST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$LOCAL_TEST")
TEST_DIR=$LOCAL_TEST/test_dir
SKIFF_BIN=$REPO/docker/target/skiff/bin/skiff
PORT=${PORT:-8080}

# Fails with a clear message when Docker cannot be used here.
require_docker() {
  if ! command -v docker >/dev/null 2>&1; then
    echo "Docker is not installed. Run without it: $0 --host   (uses $SKIFF_BIN)" >&2
    exit 1
  fi
  if ! docker info >/dev/null 2>&1; then
    echo "Docker is not running (docker info failed). Start the engine (e.g. dockerd, or docker/ci-setup.sh" >&2
    echo "as root), or run without Docker: $0 --host" >&2
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
