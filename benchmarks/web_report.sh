#!/usr/bin/env bash
# Sweep-page benchmark. Writes a 10,000-run sweep into a real SQLite store (in /dev/shm) and times the
# sweep page's server work (store reads + SwoopReports render: median, p95) and its size, in the build
# configuration CONFIG. Then, because a release build of the whole bench (NIO, BoringSSL, GRDB,
# PostgresNIO) may not fit on a busy machine, it also compiles just the pure modules the render needs
# (SwoopModel, SwoopConfig + Yams, SwoopSearch, SwoopReports) with `swiftc -O` and times the render on
# the very runs the store returned (benchmarks/web_report_render/main.swift).
#
#   benchmarks/web_report.sh                  # debug bench + optimized render
#   CONFIG=release benchmarks/web_report.sh   # the whole bench in release (slow to build)
#   RUNS=2000 RENDERS=5 OPTIMIZED_RENDER=0 benchmarks/web_report.sh
#
# Results: benchmarks/results/web-report-$CONFIG.{md,json}, web-report-render-optimized.{md,json}, and
# web-report.{md,json} with both.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONFIG=${CONFIG:-debug}
RUNS=${RUNS:-10000}
RENDERS=${RENDERS:-15}
OPTIMIZED_RENDER=${OPTIMIZED_RENDER:-1}
OUT=$ROOT/benchmarks/results
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
swift build -c "$CONFIG" --product swoop-bench >/dev/null
BIN=$(swift build -c "$CONFIG" --show-bin-path)/swoop-bench
"$BIN" web-report --runs "$RUNS" --renders "$RENDERS" --build "$CONFIG" --export "$TMP/export.json" \
  --json "$OUT/web-report-$CONFIG.json" --markdown "$OUT/web-report-$CONFIG.md" \
  --command "CONFIG=$CONFIG RUNS=$RUNS RENDERS=$RENDERS benchmarks/web_report.sh" >/dev/null

parts=("$OUT/web-report-$CONFIG.md")
jsons=("\"$CONFIG\": $(cat "$OUT/web-report-$CONFIG.json")")
if [ "$OPTIMIZED_RENDER" = 1 ]; then
  SWIFTC=$(dirname "$(command -v swift)")/swiftc
  Y=$ROOT/.build/checkouts/Yams/Sources
  cd "$TMP"
  for f in "$Y"/CYaml/src/*.c; do clang -O2 -c "$f" -I "$Y/CYaml/include" -I "$Y/CYaml/src" -DYAML_DECLARE_STATIC -o "$(basename "$f" .c).o"; done
  "$SWIFTC" -O -wmo -parse-as-library -D SWIFT_PACKAGE -module-name Yams -emit-module -emit-module-path Yams.swiftmodule \
    -emit-object -o Yams.o -I "$Y/CYaml/include" -Xcc -DYAML_DECLARE_STATIC "$Y"/Yams/*.swift 2>/dev/null
  for m in SwoopModel SwoopConfig SwoopSearch SwoopReports; do
    "$SWIFTC" -O -wmo -parse-as-library -swift-version 6 -D SWIFT_PACKAGE -module-name $m -emit-module -emit-module-path $m.swiftmodule \
      -emit-object -o $m.o -I . -I "$Y/CYaml/include" -Xcc -DYAML_DECLARE_STATIC $(find "$ROOT/Sources/$m" -name '*.swift')
  done
  "$SWIFTC" -O -swift-version 6 -I . -I "$Y/CYaml/include" -Xcc -DYAML_DECLARE_STATIC "$ROOT/benchmarks/web_report_render/main.swift" \
    SwoopReports.o SwoopSearch.o SwoopConfig.o SwoopModel.o Yams.o api.o emitter.o parser.o reader.o scanner.o writer.o -o render
  cd "$ROOT"
  { echo "# Sweep page render in an optimized build (swiftc -O, pure modules only)"; echo
    echo "Same sweep, runs and log as the $CONFIG bench loaded from the store; $RENDERS measured renders after two warm-ups;"
    echo "load average $(cut -d' ' -f1 /proc/loadavg) when it ran."; echo
    "$TMP/render" "$TMP/export.json" "$RENDERS" "$OUT/web-report-render-optimized.json"; } > "$OUT/web-report-render-optimized.md"
  parts+=("$OUT/web-report-render-optimized.md")
  jsons+=("\"renderOptimized\": $(cat "$OUT/web-report-render-optimized.json")")
fi
{ for p in "${parts[@]}"; do cat "$p"; echo; done; } > "$OUT/web-report.md"
( IFS=,; echo "{${jsons[*]}}" ) | python3 -m json.tool > "$OUT/web-report.json"
echo "wrote $OUT/web-report.md"
