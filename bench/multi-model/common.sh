# Sourced by the multi-model scripts. Not meant to be run.

# models DIR COUNT: COUNT copies of the XGBoost sample's small fixture model (Python xgboost 1.7.4, 30 trees of depth
# 3, 6 features, 17 KB) as DIR/m000001/model/xgboost-model, ... (hard links: one file on disk for every 50,000
# models, since a file system limits the links to one file, ext4 to 65,000).
models() {
  python3 - "$1" "$2" sample-models/xgboost/src/test/resources/fixtures/binary/xgboost-model <<'PY'
import os, shutil, sys
root, count, fixture = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(root, exist_ok=True)
for i in range(1, count + 1):
    source = os.path.join(root, "xgboost-model-%d" % (i // 50000))
    if not os.path.exists(source):
        shutil.copyfile(fixture, source)
    model = os.path.join(root, "m%06d" % i, "model")
    os.makedirs(model, exist_ok=True)
    target = os.path.join(model, "xgboost-model")
    if not os.path.exists(target):
        os.link(source, target)
PY
}

# await_ping PORT LOG: waits (at most 30 s) for a 200 on /ping.
await_ping() {
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$1/ping" >/dev/null && return 0
    sleep 0.1
  done
  cat "$2"
  exit 1
}

# rss PID: the process's resident anonymous memory in MB.
rss() {
  awk '/RssAnon/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}
