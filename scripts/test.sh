#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, starts the servers they
# talk to on loopback (stopped again on exit), builds, runs every test project and prints the closing
# line "N passed, N failed" counted from the TRX results. Exit status is non-zero on any failure.
#
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Calendar]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d /tmp/monitor-test.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== prerequisites"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet SDK 10 is required (see global.json); it is not on PATH." >&2
  echo "0 passed, 1 failed"
  exit 1
fi
dotnet --version

# Debian packages the tests need (none yet beyond the SDK: the end-to-end slice uses only its own
# loopback sample portal). Later servers (InfluxDB, VictoriaMetrics, PostgreSQL, Chromium) are
# installed and started here, and exported to the tests as MONITOR_TEST_* variables.

echo "== build"
if ! dotnet build Monitor.sln -c Release > "$work/build.log" 2>&1; then
  grep -E "error|Error" "$work/build.log" | sort -u | head -n 40
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
tail -n 3 "$work/build.log"

echo "== test"
results="$work/results"
dotnet test Monitor.sln -c Release --no-build --logger "trx" --results-directory "$results" "$@"
test_status=$?

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get error); to=$(get timeout); ab=$(get aborted)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${to:-0} + ${ab:-0}))
  total=$((total + ${t:-0}))
done

if [ "$total" -eq 0 ]; then
  echo "no test results found"
  failed=$((failed + 1))
fi
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # dotnet test failed without a failed test (a crashed test host, say): count it as a failure.
  failed=1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
