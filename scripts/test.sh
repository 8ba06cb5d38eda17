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
pg_stop() { :; }
cleanup() {
  pg_stop
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
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

# Debian packages the tests need. Servers are installed when missing, started on free loopback ports
# inside $work and exported to the tests as MONITOR_TEST_* variables; under CI=true a test whose server
# is missing fails, so a failed start here shows up as failed tests, not as skips.
apt_updated=0
need_apt() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then echo "not root: cannot install ${missing[*]}" >&2; return 1; fi
  if [ "$apt_updated" -eq 0 ]; then apt-get update -qq >/dev/null 2>&1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1
}
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { # url, seconds
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

echo "== browser (Chromium for script-built columns, CJK fonts for report screenshots)"
need_apt chromium fonts-wqy-zenhei || echo "could not install chromium" >&2
if [ -x /usr/bin/chromium ]; then /usr/bin/chromium --version 2>/dev/null || true; else echo "Chromium missing: browser tests fail under CI" >&2; fi

echo "== servers (InfluxDB 1.6, VictoriaMetrics)"
need_apt influxdb victoria-metrics curl || echo "could not install influxdb / victoria-metrics" >&2
if command -v influxd >/dev/null 2>&1; then
  influx_port=$(free_port); mkdir -p "$work/influxdb"
  cat > "$work/influxdb/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$(free_port)"
[meta]
  dir = "$work/influxdb/meta"
[data]
  dir = "$work/influxdb/data"
  wal-dir = "$work/influxdb/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
[monitor]
  store-enabled = false
CONF
  influxd run -config "$work/influxdb/influxdb.conf" > "$work/influxdb/log" 2>&1 &
  pids+=($!)
  if wait_http "http://127.0.0.1:$influx_port/ping" 20; then
    export MONITOR_TEST_INFLUXDB1_URL="http://127.0.0.1:$influx_port/"
    echo "InfluxDB $(curl -sI "http://127.0.0.1:$influx_port/ping" | tr -d '\r' | sed -n 's/^X-Influxdb-Version: //Ip') on $MONITOR_TEST_INFLUXDB1_URL"
  else
    echo "InfluxDB did not start:" >&2; tail -n 20 "$work/influxdb/log" >&2
  fi
fi
if command -v victoria-metrics >/dev/null 2>&1; then
  vm_port=$(free_port)
  victoria-metrics -httpListenAddr="127.0.0.1:$vm_port" -storageDataPath="$work/victoria" -retentionPeriod=100y \
    -search.latencyOffset=0s -search.disableCache > "$work/victoria.log" 2>&1 &
  pids+=($!)
  if wait_http "http://127.0.0.1:$vm_port/health" 20; then
    export MONITOR_TEST_VICTORIA_URL="http://127.0.0.1:$vm_port/"
    echo "VictoriaMetrics on $MONITOR_TEST_VICTORIA_URL"
  else
    echo "VictoriaMetrics did not start:" >&2; tail -n 20 "$work/victoria.log" >&2
  fi
fi

echo "== PostgreSQL (store suite on PostgreSQL, clustered Quartz)"
# One server on a free loopback port, trust authentication for user postgres; each test class creates a database of its
# own (MONITOR_TEST_POSTGRES is the connection string of the server, without a database).
need_apt postgresql || echo "could not install postgresql" >&2
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  pg_port=$(free_port); mkdir -p "$work/pg"; chown postgres "$work/pg" 2>/dev/null
  as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if as_pg "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 > "$work/pg/initdb.log" 2>&1 \
     && as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work/pg -c max_connections=300 -c fsync=off" start > "$work/pg/ctl.log" 2>&1; then
    export MONITOR_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"
    pg_stop() { as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1; }
    echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
  else
    echo "PostgreSQL did not start:" >&2; tail -n 20 "$work/pg/initdb.log" "$work/pg/ctl.log" "$work/pg/log" 2>/dev/null >&2
  fi
fi

echo "== SMTP server (aiosmtpd, Maildir)"
# Alert mail tests send to this server and read the Maildir back (MONITOR_TEST_SMTP_*).
need_apt python3-aiosmtpd || echo "could not install python3-aiosmtpd" >&2
if /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  # aiosmtpd creates the Maildir (with tmp/new/cur) only when the folder does not exist yet.
  smtp_port=$(free_port)
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/maildir" > "$work/smtp.log" 2>&1 &
  pids+=($!)
  for i in $(seq 1 100); do
    /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $smtp_port), 1).close()" 2>/dev/null && break; sleep 0.1
  done
  if /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $smtp_port), 1).close()" 2>/dev/null; then
    export MONITOR_TEST_SMTP_HOST=127.0.0.1 MONITOR_TEST_SMTP_PORT=$smtp_port MONITOR_TEST_SMTP_MAILDIR="$work/maildir"
    echo "SMTP on 127.0.0.1:$smtp_port, Maildir $MONITOR_TEST_SMTP_MAILDIR"
  else
    echo "SMTP server did not start:" >&2; tail -n 20 "$work/smtp.log" >&2
  fi
fi

echo "== Grafana dashboard schema (npm @grafana/schema -> JSON Schema)"
# The schema is generated from the Dashboard type of the pinned @grafana/schema (package-lock.json);
# tests validate every dashboard against it with ajv (scripts/grafana-schema/validate.mjs).
if command -v npm >/dev/null 2>&1 || need_apt nodejs npm; then
  if (cd scripts/grafana-schema && npm ci --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1 \
      && node generate.mjs "$work/dashboard.schema.json" >>"$work/npm.log" 2>&1); then
    export MONITOR_TEST_GRAFANA_SCHEMA="$work/dashboard.schema.json"
    echo "schema: $MONITOR_TEST_GRAFANA_SCHEMA"
  else
    echo "could not generate the Grafana dashboard schema:" >&2; tail -n 20 "$work/npm.log" >&2
  fi
fi

echo "== WARC reader (npm warcio)"
# tests/Host.Tests/Evidence read the evidence WARC files with warcio (scripts/warc-check/check.mjs), the
# standard-tool check that the records parse and their digests match; under CI=true a missing install fails them.
if command -v npm >/dev/null 2>&1 || need_apt nodejs npm; then
  if (cd scripts/warc-check && npm ci --no-audit --no-fund --loglevel=error >"$work/npm-warc.log" 2>&1); then
    export MONITOR_TEST_WARC_CHECK="$root/scripts/warc-check/check.mjs"
    echo "warcio $(node -p 'require("./scripts/warc-check/node_modules/warcio/package.json").version'): $MONITOR_TEST_WARC_CHECK"
  else
    echo "could not install scripts/warc-check (warcio):" >&2; tail -n 20 "$work/npm-warc.log" >&2
  fi
fi

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
