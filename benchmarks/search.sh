#!/usr/bin/env bash
# Search-method benchmark: runs the shared harness (../shared/bench) on `swoop optimize` beside the
# peers (Optuna, W&B's sweep engine, hyperopt) and writes everything to benchmarks/results/.
#
#   benchmarks/search.sh                  # quality (10 seeds x 50 trials), parallel-4 quality, latency, grid latency
#   SEEDS=3 benchmarks/search.sh          # a quicker look
#   PEER_QUALITY=1 benchmarks/search.sh   # also re-run the peers' quality (about 30 more minutes on 2 cores);
#                                         # otherwise scores use the stored peer reference, which is exact:
#                                         # regret depends on seeds, not on timing
#   PEER_LATENCY=0 benchmarks/search.sh   # Swoop's latency only (peers' latency needs the same machine and session)
#   STEPS="quality latency" ...           # a subset of: protocol quality parallel latency grid
#
# Build in release: debug timings mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$(cd ../shared/bench && pwd)
OUT=$ROOT/benchmarks/results
SEEDS=${SEEDS:-10}
TRIALS=${TRIALS:-50}
PEER_QUALITY=${PEER_QUALITY:-0}
PEER_LATENCY=${PEER_LATENCY:-1}
STEPS=${STEPS:-protocol quality parallel latency grid}
want() { case " $STEPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
mkdir -p "$OUT"
export BENCH_CACHE=${BENCH_CACHE:-$(mktemp -d)}

swift build -c release --product swoop >/dev/null
SWOOP=$ROOT/.build/release/swoop

if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q -r "$BENCH/requirements.txt"
fi
PY=$ROOT/.venv-bench/bin/python

CMDS=(--cmd "swoop-bayes=bayes:$SWOOP optimize" --cmd "swoop-random=random:$SWOOP optimize"
      --cmd "swoop-tpe=random:$SWOOP optimize --sampler TPESampler"
      --cmd "swoop-cmaes=random:$SWOOP optimize --sampler CmaEsSampler"
      --cmd "swoop-qmc=random:$SWOOP optimize --sampler QMCSampler")
if [ "$PEER_QUALITY" = 1 ]; then
  QUALITY_PEERS=(--optimizers peers)
  PARALLEL_PEERS=(--optimizers optuna-tpe-mv,wandb-bayes --reference "$BENCH/results/peers-quality.json")
else
  QUALITY_PEERS=(--optimizers '' --reference "$BENCH/results/peers-quality.json")
  PARALLEL_PEERS=(--optimizers '' --reference "$BENCH/results/peers-quality.json")
fi
if [ "$PEER_LATENCY" = 1 ]; then LATENCY_PEERS=(--optimizers peers); else LATENCY_PEERS=(--optimizers ''); fi

if want protocol; then
  echo "== protocol check"
  "$PY" "$BENCH/check_protocol.py" "${CMDS[@]}" | tee "$OUT/protocol-check.txt"
fi

if want quality; then
  echo "== quality, sequential ($SEEDS seeds x $TRIALS trials)"
  "$PY" "$BENCH/run_quality.py" "${CMDS[@]}" "${QUALITY_PEERS[@]}" --functions public --trials "$TRIALS" \
    --seeds "$SEEDS" --out "$OUT/search-quality"
fi

if want parallel; then
  echo "== quality, 4 asks pending before each tell"
  "$PY" "$BENCH/run_quality.py" --cmd "swoop-bayes=bayes:$SWOOP optimize" \
    --cmd "swoop-tpe=random:$SWOOP optimize --sampler TPESampler" "${PARALLEL_PEERS[@]}" --functions public \
    --trials "$TRIALS" --seeds "$SEEDS" --parallel 4 --out "$OUT/search-quality-parallel4"
fi

if want latency; then
  echo "== ask latency"
  "$PY" "$BENCH/run_latency.py" "${CMDS[@]}" "${LATENCY_PEERS[@]}" --out "$OUT/search-latency"
fi

if want grid; then
  echo "== grid ask latency"
  "$PY" benchmarks/grid_latency.py --swoop "$SWOOP" --out "$OUT/grid-latency.json"
fi
