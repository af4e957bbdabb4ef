#!/usr/bin/env bash
# Slurm resource benchmark (issue 8): starts the one-node cluster if needed (scripts/ci/slurm-up.sh), builds
# `swoop`, and runs benchmarks/slurm_bench.py, which writes benchmarks/results/slurm.md and slurm.json.
#
#   benchmarks/slurm.sh                          # 200 no-op runs, polls of 1 s and 0.25 s, debug build
#   BUILD=release RUNS=500 benchmarks/slurm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-debug}
export SLURM_CONF=${SLURM_CONF:-$(scripts/ci/slurm-up.sh)}
swift build -c "$BUILD" --product swoop >/dev/null
python3 benchmarks/slurm_bench.py --swoop ".build/$BUILD/swoop" --build "$BUILD" --runs "${RUNS:-200}"
