#!/usr/bin/env bash
# Benchmark of the assessor API: requests per second and latency percentiles (p50/p99) of the scores endpoint under wrk,
# against `monitor serve` on the demo data (live assessment and a frozen period), plus one paged findings query for
# comparison. Prints figures; asserts nothing (speed is measured here, never in tests). Needs wrk.
#
# Usage: bench/api.sh
#   WRK_SECONDS=20   duration of each wrk run
#   WRK_THREADS=2    wrk threads (the machine has 2 cores shared with the server)
#   WRK_CONNECTIONS=32
#   PORT=18480       where the API listens during the run
#   STORE=postgres   serve from PostgreSQL instead of the SQLite file: a server of its own on a free loopback port
#                    (Debian postgresql, as user postgres), the demo store moved there with `monitor migrate`
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 2; }
seconds=${WRK_SECONDS:-20}; threads=${WRK_THREADS:-2}; connections=${WRK_CONNECTIONS:-32}; port=${PORT:-18480}
store_kind=${STORE:-sqlite}
[ "$store_kind" = sqlite ] || [ "$store_kind" = postgres ] || { echo "STORE must be sqlite or postgres" >&2; exit 2; }

dotnet build src/Host -c Release -v quiet -nologo >/dev/null
monitor="dotnet src/Host/bin/Release/net10.0/monitor.dll"
work=$(mktemp -d); chmod 755 "$work"
pg_bin=""
stop_pg() { [ -n "$pg_bin" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true; }
trap 'kill $serve_pid 2>/dev/null || true; wait 2>/dev/null || true; stop_pg; rm -rf "$work"' EXIT
serve_pid=0

echo "== demo data ($(date -u +%FT%TZ))"
$monitor demo --out "$work/demo" --as-of 2026-12-01 >/dev/null
# The demo's portal is gone after the demo: serve only the API (no schedules), so nothing changes the data during the run.
mkdir -p "$work/config"; cp config/sample/*.yaml "$work/config/"
printf '\napi:\n  url: http://127.0.0.1:%s\n  rateLimit: 1000000\n' "$port" >> "$work/config/deployment.yaml"
if [ "$store_kind" = postgres ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL is missing (apt-get install postgresql)" >&2; exit 2; }
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  mkdir -p "$work/pg"; chown postgres "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work/pg" start >/dev/null
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE monitor"
  pg="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=monitor"
  $monitor migrate --from "sqlite:$work/demo/state/monitor.db" --to "postgres:$pg" | tail -n 1
  printf '\nstore:\n  postgres: "%s"\n  evidencePath: %s\n' "$pg" "$work/demo/state/evidence" >> "$work/config/deployment.yaml"
  export MONITOR_STORE="postgres:$pg"
  echo "== store: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
else
  echo "== store: SQLite $work/demo/state/monitor.db"
fi
$monitor periods freeze 2026-11 --config "$work/config" --state "$work/demo/state" --by 基准测试 >/dev/null
key=$($monitor keys create --state "$work/demo/state" --name bench --scopes all | grep -o 'mk_[A-Za-z0-9_-]*' | head -1)
[ -n "$key" ] || { echo "no key was printed by monitor keys create" >&2; exit 1; }

$monitor serve --config "$work/config" --state "$work/demo/state" --api-only > "$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/openapi.json" 2>/dev/null && break
  sleep 0.2
done
curl -fsS -o /dev/null -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/scores?period=live" \
  || { echo "the API did not answer; serve log:" >&2; cat "$work/serve.log" >&2; exit 1; }

run() {
  local name=$1 path=$2 out
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $key" "http://127.0.0.1:$port$path")
  local rps p50 p99 errors bytes
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out"); errors=${errors:-0}
  bytes=$(curl -fsS -H "Authorization: Bearer $key" "http://127.0.0.1:$port$path" | wc -c)
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   non-2xx %s   body %s bytes\n' "$name" "$rps" "$p50" "$p99" "$errors" "$bytes"
}

# Warm-up (JIT tiering, connection pool, caches), not reported.
wrk -t"$threads" -c"$connections" -d5s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/api/v1/scores?period=live" >/dev/null
echo "== wrk -t$threads -c$connections -d${seconds}s ($(nproc) cores, $(uptime | sed 's/.*load/load/'))"
run "scores, live" "/api/v1/scores?period=live"
run "scores, frozen 2026-11" "/api/v1/scores?period=2026-11"
run "scores, live, departments" "/api/v1/scores?period=live&scope=department"
run "findings, live, page 1 of 100" "/api/v1/findings?period=live&pageSize=100"
run "openapi.json (public)" "/api/v1/openapi.json"
rss=$(awk '/VmHWM/ {print $2}' "/proc/$serve_pid/status")
if [ "$store_kind" = postgres ]; then
  rows=$(psql -h 127.0.0.1 -p "$pg_port" -U postgres -d monitor -Atc "SELECT COUNT(*) FROM api_requests")
else
  rows=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM api_requests").fetchone()[0])' "$work/demo/state/monitor.db")
fi
echo "server peak RSS: $((rss / 1024)) MiB; request log rows written: $rows"
