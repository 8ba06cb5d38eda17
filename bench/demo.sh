#!/usr/bin/env bash
# Benchmark: wall time and peak memory of `monitor demo` on the sample portal, at the default size and
# at a larger size knob. Prints figures; asserts nothing (speed is measured here, never in tests).
#
# Usage: bench/demo.sh [news-per-column ...]   (default: 40 400 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(40 400 2000)

dotnet build src/Host -c Release -v quiet -nologo >/dev/null
exe=src/Host/bin/Release/net10.0/monitor.dll
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

printf '%-16s %10s %14s %10s %12s\n' news-per-column wall_s peak_rss_MiB documents findings
for n in "${sizes[@]}"; do
  out="$work/out-$n"
  # GNU time -v reports the maximum resident set size in KiB.
  /usr/bin/time -v -o "$work/time-$n" dotnet "$exe" demo --as-of 2026-12-01 --news-per-column "$n" --out "$out" >"$work/log-$n" 2>&1 || true
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time-$n")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time-$n")
  docs=$(grep -o '文档 [0-9]* 篇' "$work/log-$n" | awk '{s+=$2} END {print s+0}')
  findings=$(grep -c '"kind":' "$out/findings.json" || true)
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  printf '%-16s %10.2f %14.1f %10s %12s\n' "$n" "$secs" "$(echo "$rss/1024" | bc -l)" "$docs" "$findings"
done
