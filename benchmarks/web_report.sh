#!/usr/bin/env bash
# Sweep-page benchmark: writes a 10,000-run sweep into a real SQLite store (in /dev/shm), then times the
# sweep page's server work (store reads + SwoopReports render, median and p95) and its size; results in
# benchmarks/results/web-report.{md,json}.
#
#   benchmarks/web_report.sh               # release build (what a server runs)
#   CONFIG=debug benchmarks/web_report.sh  # debug build: many times slower, says so in the report
#   RUNS=2000 RENDERS=5 benchmarks/web_report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-release}
RUNS=${RUNS:-10000}
RENDERS=${RENDERS:-15}
OUT=benchmarks/results
mkdir -p "$OUT"
swift build -c "$CONFIG" --product swoop-bench >/dev/null
BIN=$(swift build -c "$CONFIG" --show-bin-path)/swoop-bench
"$BIN" web-report --runs "$RUNS" --renders "$RENDERS" --build "$CONFIG" \
  --json "$OUT/web-report.json" --markdown "$OUT/web-report.md" \
  --command "CONFIG=$CONFIG RUNS=$RUNS RENDERS=$RENDERS benchmarks/web_report.sh"
