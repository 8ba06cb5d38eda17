#!/usr/bin/env bash
# Benchmark of the crawler (bench/Crawl.Bench): static crawl throughput and peak memory against the sample portal,
# with the portal's own ceiling (wrk) measured in the same run; the re-scan share; browser-rendered pages per second.
# Prints figures; asserts nothing (speed is measured here, never in tests). Needs wrk and /usr/bin/time (GNU time);
# the browser part needs Chromium at /usr/bin/chromium.
#
# Usage: bench/crawl.sh [static|browser|all] [news-per-column ...]   (default: all, sizes 40 5000)
#   RUNS=2           repetitions of each measurement
#   CONCURRENCY=8    perHostConcurrency of the scans
#   WRK_SECONDS=10   duration of the wrk run (0 skips it)
#   BROWSER_RUNS=60  renders per page limit in the browser part
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}; [ $# -gt 0 ] && shift
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(40 5000)
runs=${RUNS:-2}

command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

dotnet build src/Host -c Release -v quiet -nologo >/dev/null
dotnet build bench/Crawl.Bench -c Release -v quiet -nologo >/dev/null
bench=bench/Crawl.Bench/bin/Release/net10.0/Monitor.Crawl.Bench.dll
monitor=src/Host/bin/Release/net10.0/monitor.dll

if [ "$what" = static ] || [ "$what" = all ]; then
  for n in "${sizes[@]}"; do
    for r in $(seq 1 "$runs"); do
      echo "== static, news-per-column $n, run $r ($(date -u +%FT%TZ), $(uptime | sed 's/.*load/load/'))"
      dotnet "$bench" static --news "$n" --monitor "$monitor" --config config/sample --rules rules \
        --concurrency "${CONCURRENCY:-8}" --wrk-seconds "${WRK_SECONDS:-10}" || echo "(run failed: exit $?)"
    done
  done
fi

if [ "$what" = browser ] || [ "$what" = all ]; then
  for r in $(seq 1 "$runs"); do
    echo "== browser, run $r ($(date -u +%FT%TZ), $(uptime | sed 's/.*load/load/'))"
    dotnet "$bench" browser --runs "${BROWSER_RUNS:-60}" --pages 1,3 || echo "(run failed: exit $?)"
  done
fi
