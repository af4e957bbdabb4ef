#!/usr/bin/env bash
# Launch agent benchmark (issue 4): builds `swoop` in release and runs benchmarks/agent_bench.py, which
# writes benchmarks/results/agent.md and agent.json. Debug timings mean nothing.
#
#   benchmarks/agent.sh                         # 50 latency samples, 300 no-op runs
#   LATENCY_RUNS=20 THROUGHPUT_RUNS=100 benchmarks/agent.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product swoop >/dev/null
python3 benchmarks/agent_bench.py --swoop .build/release/swoop --build release \
  --latency-runs "${LATENCY_RUNS:-50}" --throughput-runs "${THROUGHPUT_RUNS:-300}"
