#!/usr/bin/env bash
# Search-method benchmark: runs the shared harness (../shared/bench) on `swoop optimize` beside the
# peers (Optuna, W&B's sweep engine, hyperopt) and writes everything to benchmarks/results/.
#
#   benchmarks/search.sh            # quality (10 seeds x 50 trials), parallel-4 quality, latency, grid latency
#   SEEDS=3 benchmarks/search.sh    # a quicker look
#   PEERS=0 benchmarks/search.sh    # Swoop only; scores use the stored peer reference
#
# Build in release: debug timings mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$(cd ../shared/bench && pwd)
OUT=$ROOT/benchmarks/results
SEEDS=${SEEDS:-10}
TRIALS=${TRIALS:-50}
PEERS=${PEERS:-1}
mkdir -p "$OUT"
export BENCH_CACHE=${BENCH_CACHE:-$(mktemp -d)}

swift build -c release --product swoop >/dev/null
SWOOP=$ROOT/.build/release/swoop

if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q -r "$BENCH/requirements.txt"
fi
PY=$ROOT/.venv-bench/bin/python

CMDS=(--cmd "swoop-bayes=bayes:$SWOOP optimize" --cmd "swoop-random=random:$SWOOP optimize")
if [ "$PEERS" = 1 ]; then PEER_ARGS=(--optimizers peers); else PEER_ARGS=(--optimizers '' --reference "$BENCH/results/peers-quality.json"); fi

echo "== protocol check"
"$PY" "$BENCH/check_protocol.py" "${CMDS[@]}" | tee "$OUT/protocol-check.txt"

echo "== quality, sequential ($SEEDS seeds x $TRIALS trials)"
"$PY" "$BENCH/run_quality.py" "${CMDS[@]}" "${PEER_ARGS[@]}" --functions public --trials "$TRIALS" \
  --seeds "$SEEDS" --out "$OUT/search-quality"

echo "== quality, 4 asks pending before each tell"
"$PY" "$BENCH/run_quality.py" --cmd "swoop-bayes=bayes:$SWOOP optimize" "${PEER_ARGS[@]}" --functions public \
  --trials "$TRIALS" --seeds "$SEEDS" --parallel 4 --out "$OUT/search-quality-parallel4"

echo "== ask latency"
LAT_PEERS=()
[ "$PEERS" = 1 ] && LAT_PEERS=(--optimizers peers)
[ "$PEERS" = 1 ] || LAT_PEERS=(--optimizers '')
"$PY" "$BENCH/run_latency.py" "${CMDS[@]}" "${LAT_PEERS[@]}" --out "$OUT/search-latency"

echo "== grid ask latency"
"$PY" benchmarks/grid_latency.py --swoop "$SWOOP" --out "$OUT/grid-latency.json"
