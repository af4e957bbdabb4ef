#!/usr/bin/env bash
# Server load benchmark (issue 3, "Measured"): a release `swoop server` (SQLite in a temp folder, auth on,
# a real admin key) and the MLflow tracking server (SQLite backend) on 127.0.0.1, loaded one after the
# other by `swoop-bench server-load`: batched and one-point metric ingest on both, lease -> complete
# round trips with 16 agents on Swoop, CPU and resident memory from /proc. Writes
# benchmarks/results/server-load.md and server-load.json.
#
#   benchmarks/server_load.sh                      # the full run (15 s per phase)
#   SECONDS_PER_PHASE=5 benchmarks/server_load.sh  # a quick look
#   MLFLOW=0 benchmarks/server_load.sh             # Swoop only
#   SCRATCH=.build-release benchmarks/server_load.sh   # build in another scratch folder
#   CONFIG=debug SECONDS_PER_PHASE=2 LEASE_ITEMS=300 OUT=/tmp/x benchmarks/server_load.sh  # smoke test of the script
#
# Needs python3 (MLflow is installed from PyPI into $MLFLOW_VENV, default .venv-mlflow, on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${OUT:-$ROOT/benchmarks/results}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-15}
LEASE_ITEMS=${LEASE_ITEMS:-20000}
CONFIG=${CONFIG:-release}
MLFLOW=${MLFLOW:-1}
MLFLOW_VENV=${MLFLOW_VENV:-$ROOT/.venv-mlflow}
BUILD=(swift build -c "$CONFIG")
[ -n "${SCRATCH:-}" ] && BUILD+=(--scratch-path "$SCRATCH")
mkdir -p "$OUT"

"${BUILD[@]}" --product swoop >/dev/null
"${BUILD[@]}" --product swoop-bench >/dev/null
BIN=$("${BUILD[@]}" --show-bin-path)

TMP=$(mktemp -d /tmp/swoop-server-load.XXXXXX)
SWOOP_PID=""
MLFLOW_PID=""
cleanup() {
  [ -n "$SWOOP_PID" ] && kill "$SWOOP_PID" 2>/dev/null && wait "$SWOOP_PID" 2>/dev/null || true
  # MLflow runs in a session of its own (setsid): its workers go with it.
  [ -n "$MLFLOW_PID" ] && kill -- "-$MLFLOW_PID" 2>/dev/null || true
  [ -n "$MLFLOW_PID" ] && wait "$MLFLOW_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

# Waits until FILE holds a line matching PATTERN (or PID died, or 60 s passed).
wait_for_line() {
  local file=$1 pattern=$2 pid=$3
  for _ in $(seq 600); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "server exited:" >&2; cat "$TMP"/*.err "$TMP"/*.log >&2 2>/dev/null; return 1; }
    sleep 0.1
  done
  echo "timed out waiting for '$pattern' in $file" >&2
  return 1
}

"$BIN/swoop" server --host 127.0.0.1 --port 0 --data "$TMP/swoop" --log-level warning >"$TMP/swoop.out" 2>"$TMP/swoop.err" &
SWOOP_PID=$!
wait_for_line "$TMP/swoop.out" "listening on" "$SWOOP_PID"
SWOOP_URL=$(sed -n 's/.*listening on //p' "$TMP/swoop.out")
SWOOP_KEY=$(sed -n 's/.*(shown once): //p' "$TMP/swoop.out")

ARGS=(--swoop-url "$SWOOP_URL" --swoop-key "$SWOOP_KEY" --swoop-pid "$SWOOP_PID" --seconds "$SECONDS_PER_PHASE" --lease-items "$LEASE_ITEMS")
if [ "$MLFLOW" != 0 ]; then
  if [ ! -x "$MLFLOW_VENV/bin/mlflow" ]; then
    python3 -m venv "$MLFLOW_VENV"
    "$MLFLOW_VENV/bin/pip" install -q mlflow
  fi
  MLFLOW_VERSION=$("$MLFLOW_VENV/bin/python" -c 'import mlflow; print(mlflow.__version__)')
  MLFLOW_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$TMP/mlflow"
  setsid "$MLFLOW_VENV/bin/mlflow" server --backend-store-uri "sqlite:///$TMP/mlflow/mlflow.db" \
    --default-artifact-root "$TMP/mlflow/artifacts" --host 127.0.0.1 --port "$MLFLOW_PORT" >"$TMP/mlflow.log" 2>&1 &
  MLFLOW_PID=$!
  for _ in $(seq 1200); do
    curl -sf "http://127.0.0.1:$MLFLOW_PORT/health" >/dev/null && break
    kill -0 "$MLFLOW_PID" 2>/dev/null || { cat "$TMP/mlflow.log" >&2; exit 1; }
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$MLFLOW_PORT/health" >/dev/null
  ARGS+=(--mlflow-url "http://127.0.0.1:$MLFLOW_PORT" --mlflow-pid "$MLFLOW_PID" --mlflow-version "mlflow $MLFLOW_VERSION (mlflow server, default workers)")
fi
# Let both settle after start before the idle memory is read.
sleep 3

"$BIN/swoop-bench" server-load "${ARGS[@]}" --json "$OUT/server-load.json" --markdown "$OUT/server-load.md" \
  --command "SECONDS_PER_PHASE=$SECONDS_PER_PHASE LEASE_ITEMS=$LEASE_ITEMS MLFLOW=$MLFLOW CONFIG=$CONFIG benchmarks/server_load.sh"
cat "$OUT/server-load.md"
