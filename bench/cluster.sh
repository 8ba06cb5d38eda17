#!/usr/bin/env bash
# Benchmark of `monitor serve` clustered on PostgreSQL: sizing figures for docs/deployment.md. Starts a PostgreSQL
# server of its own (temp folder, free loopback port) and the sample portal (Crawl.Bench serve-portal, a process of its
# own), puts every source of config/sample on one short cron, then runs 1 node, 2 nodes, and 1 node with every stored
# document due at every pass (crawler.recheckAfter 0s), a fresh database each time, each for a measured window after
# the first crawl, and prints per run: passes recorded per minute, the share of
# schedule slots in which every source was crawled exactly once, mean pass duration (the "Crawled …; X.X s" log lines),
# CPU seconds per pass of the monitor processes (the portal excluded), peak RSS per node, PostgreSQL CPU, connections and
# database size; then the arithmetic from CPU per pass to sources per node under the default schedules.
# Prints figures; asserts nothing. Uses the Release builds that exist (it builds nothing).
#
# Usage: bench/cluster.sh [options]   (bench/cluster.sh --help)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

usage() {
  cat <<'USAGE'
Usage: bench/cluster.sh [options]

  --news N          news items per column of the sample portal, 20-10000 (default 40: 411 pages)
  --every S         every source's schedule slot in seconds (default 30; a divisor of 60, or whole minutes
                    dividing 60: 10, 12, 15, 20, 30, 60, 120, ..., 1800)
  --window S        measured seconds per run, rounded up to whole slots (default 150)
  --nodes "1 2"     node counts to run, one run each on a fresh database (default "1 2")
  --recheck-nodes N one more run of N nodes with crawler.recheckAfter 0s: every stored document is due again
                    (fetched conditionally) at every pass, as it is once a day in production (default 1; 0 skips)
  --checkin D       serve.clusterCheckinInterval (default 15s, the product's default)
  --jobs N          serve.maxConcurrentJobs per node (default 4, the product's default)
  --cores N         cores of a production node for the sizing arithmetic (default 2)
  --share P         percent of those cores the monitor may use (default 50)
  -h, --help        this text

Needs the Release builds of src/Host and bench/Crawl.Bench (dotnet build -c Release), PostgreSQL 15
(installed with apt-get when missing and running as root), psql and python3. Every process it starts
and its temp folder are removed on exit.
USAGE
}

news=40; every=30; window=150; node_counts="1 2"; recheck_nodes=1; checkin=15s; jobs=4; cores=2; share=50
while [ $# -gt 0 ]; do
  case $1 in
    --news) news=$2; shift 2 ;;
    --every) every=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --nodes) node_counts=$2; shift 2 ;;
    --recheck-nodes) recheck_nodes=$2; shift 2 ;;
    --checkin) checkin=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --cores) cores=$2; shift 2 ;;
    --share) share=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in "$news" "$every" "$window" "$jobs" "$cores" "$share"; do
  [[ $v =~ ^[0-9]+$ ]] && [ "$v" -gt 0 ] || { echo "not a positive whole number: $v" >&2; exit 2; }
done
[[ $recheck_nodes =~ ^[0-9]$ ]] || { echo "--recheck-nodes takes 0-9: $recheck_nodes" >&2; exit 2; }
[ "$news" -ge 20 ] && [ "$news" -le 10000 ] || { echo "--news takes 20-10000: $news" >&2; exit 2; }
for n in $node_counts; do [[ $n =~ ^[1-9]$ ]] || { echo "--nodes takes counts 1-9: $node_counts" >&2; exit 2; }; done
# Quartz cron, seconds first, in Asia/Shanghai (UTC+8, a whole number of slots): slots start at multiples of $every
# seconds since the epoch, which is how the window is cut into slots below.
if [ "$every" -lt 60 ] && [ $((60 % every)) -eq 0 ]; then
  cron="0/$every * * * * ?"
elif [ $((every % 60)) -eq 0 ] && [ $((every / 60)) -le 30 ] && [ $((60 % (every / 60))) -eq 0 ]; then
  cron="0 0/$((every / 60)) * * * ?"
else
  echo "--every $every: use a divisor of 60 seconds or whole minutes dividing an hour" >&2; exit 2
fi
slots=$(( (window + every - 1) / every )); window=$((slots * every))

monitor=$root/src/Host/bin/Release/net10.0/monitor.dll
bench=$root/bench/Crawl.Bench/bin/Release/net10.0/Monitor.Crawl.Bench.dll
for dll in "$monitor" "$bench"; do
  [ -f "$dll" ] || { echo "missing $dll: build first (dotnet build src/Host -c Release; dotnet build bench/Crawl.Bench -c Release)" >&2; exit 2; }
done
command -v dotnet >/dev/null || { echo "dotnet is not on PATH" >&2; exit 2; }

need_apt() {
  local missing=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then echo "not root: cannot install ${missing[*]}" >&2; return 1; fi
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1
}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ] || ! command -v psql >/dev/null; then
  need_apt postgresql postgresql-client || { echo "PostgreSQL is missing (apt-get install postgresql)" >&2; exit 2; }
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
[ -x /usr/bin/python3 ] || { echo "/usr/bin/python3 is missing" >&2; exit 2; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
now() { date +%s.%N; }
sleep_until() { sleep "$(awk -v t="$1" -v n="$(now)" 'BEGIN { d = t - n; printf "%.3f", (d > 0 ? d : 0) }')"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
hhmmss() { date -u -d "@$1" +%H:%M:%S; }
# Every descendant of a process (Playwright's driver and Chromium under a node, backends under the postmaster).
descendants() {
  ps -e -o pid=,ppid= | awk -v root="$1" '{ kids[$2] = kids[$2] " " $1 }
    END { queue = kids[root]; while (queue != "") { n = split(queue, a, " "); queue = ""
          for (i = 1; i <= n; i++) { print a[i]; queue = queue " " kids[a[i]] } } }'
}
# CPU clock ticks (utime + stime + cutime + cstime) of a process and its live descendants: a child's time moves into
# its parent's cutime/cstime when it is reaped, so the sum covers the children that came and went in between.
tree_ticks() {
  local total=0 p t
  for p in "$1" $(descendants "$1"); do
    t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }') || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)
alive() { local s; s=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1; [ -n "$s" ] && [ "$s" != Z ]; }

work=$(mktemp -d /tmp/monitor-cluster.XXXXXX)
chmod 755 "$work"
node_pids=(); portal_pid=""; pg_started=0
stop_node() { # SIGTERM as systemd would, then SIGKILL (with its children) after 45 s
  local pid=$1 kids i
  alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kids=$(descendants "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 450); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then kill -KILL "$pid" $kids 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  set +e
  local pid
  for pid in "${node_pids[@]:-}"; do [ -n "$pid" ] && stop_node "$pid"; done
  if [ -n "$portal_pid" ]; then
    exec 3>&-  # end of input: the portal stops
    for _ in $(seq 1 50); do alive "$portal_pid" || break; sleep 0.1; done
    # A portal blocked in its stdin read may not end on SIGTERM: SIGKILL after 5 s.
    if alive "$portal_pid"; then
      kill -TERM "$portal_pid" 2>/dev/null
      for _ in $(seq 1 50); do alive "$portal_pid" || break; sleep 0.1; done
      alive "$portal_pid" && kill -KILL "$portal_pid" 2>/dev/null
    fi
    wait "$portal_pid" 2>/dev/null
  fi
  [ "$pg_started" -eq 1 ] && as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL in the temp folder ---------------------------------------------------------------------------------
mkdir "$work/pg"; [ "$(id -u)" -eq 0 ] && chown postgres: "$work/pg"
pg_port=$(free_port)
as_postgres "$pgbin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$work/pg/initdb.log" 2>&1 \
  || { cat "$work/pg/initdb.log" >&2; exit 1; }
as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work/pg" start >/dev/null \
  || { cat "$work/pg/log" >&2; exit 1; }
pg_started=1
q() { psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" -v ON_ERROR_STOP=1 -Atc "$2"; }
q postgres "CREATE ROLE monitor LOGIN" >/dev/null
postmaster=$(head -1 "$work/pg/data/postmaster.pid")

# --- the sample portal, in a process of its own (its CPU is not counted) --------------------------------------------
today=$(TZ=Asia/Shanghai date +%F)
mkfifo "$work/portal.in"
dotnet "$bench" serve-portal --news "$news" --as-of "$today" <"$work/portal.in" >"$work/portal.out" 2>"$work/portal.err" &
portal_pid=$!
exec 3>"$work/portal.in"
for _ in $(seq 1 300); do grep -q '^pages ' "$work/portal.out" 2>/dev/null && break; sleep 0.1; done
portal_url=$(sed -n 's/^url //p' "$work/portal.out")
[ -n "$portal_url" ] || { echo "the portal did not start:" >&2; cat "$work/portal.err" >&2; exit 1; }
portal_pages=$(sed -n 's/^pages \([0-9]*\).*/\1/p' "$work/portal.out")
portal() { # send a command, print the answer line
  local before; before=$(wc -l <"$work/portal.out")
  echo "$1" >&3
  for _ in $(seq 1 100); do [ "$(wc -l <"$work/portal.out")" -gt "$before" ] && break; sleep 0.05; done
  tail -n +"$((before + 1))" "$work/portal.out" | head -1
}

# --- the deployment: config/sample, every source on $cron ---------------------------------------------------------
sources_yaml=$root/config/sample/sources.yaml
source_count=$(grep -c '^  - id: ' "$sources_yaml")
make_config() { # dir database evidence [recheckAfter]
  mkdir -p "$1"
  cp "$root"/config/sample/*.yaml "$1/"
  sed -i "s#^  baseUrl: .*#  baseUrl: $portal_url#" "$1/deployment.yaml"
  [ -n "${4:-}" ] && sed -i "s#^crawler:\$#crawler:\n  recheckAfter: $4#" "$1/deployment.yaml"
  awk -v cron="$cron" '{ print } /^  - id: / { print "    schedule: \"" cron "\"" }' "$sources_yaml" >"$1/sources.yaml"
  cat >>"$1/deployment.yaml" <<YAML

store:
  postgres: "Host=127.0.0.1;Port=$pg_port;Database=$2;Username=monitor"
  evidencePath: $3
serve:
  clusterCheckinInterval: $checkin
  probeInterval: 24h
  maxConcurrentJobs: $jobs
api:
  enabled: false
YAML
}

os=$(. /etc/os-release && echo "$PRETTY_NAME")
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
runtime=$(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.NETCore.App 10\./ { v = $2 } END { print v }')
echo "== machine: $(nproc) cores ($cpu_model), $mem, $os, .NET $runtime, $("$pgbin/postgres" --version | sed 's/.*) //; s/^/PostgreSQL /')"
echo "== $(date -u +%FT%TZ), load $(load)"
echo "== portal: serve-portal --news $news --as-of $today, $portal_pages pages, own process (not in the CPU figures)"
echo "== deployment: config/sample, $source_count sources, every one on \"$cron\" ($(awk -v n="$source_count" -v e="$every" 'BEGIN { printf "%.1f", n * 60 / e }') passes/min wanted);" \
  "maxConcurrentJobs $jobs, clusterCheckinInterval $checkin, no alerting, no metrics, API off; window $window s ($slots slots) after the first crawl"

summary=()
run=0
specs=(); for n in $node_counts; do specs+=("$n:"); done
[ "$recheck_nodes" -gt 0 ] && specs+=("$recheck_nodes:0s")
for spec in "${specs[@]}"; do
  nodes=${spec%%:*}; recheck=${spec#*:}
  run=$((run + 1))
  db=monitor_$run; dir=$work/run$run
  q postgres "CREATE DATABASE $db OWNER monitor" >/dev/null
  make_config "$dir/config" "$db" "$dir/evidence" "$recheck"
  echo
  if [ -n "$recheck" ]; then
    echo "== $nodes node(s), run $run, recheckAfter $recheck: every stored document due at every pass (database $db, fresh)"
  else
    echo "== $nodes node(s), run $run (database $db, fresh)"
  fi
  started=$(now)
  pids=(); names=()
  for i in $(seq 1 "$nodes"); do
    name=node-$(echo abcdefghi | cut -c"$i")
    dotnet "$monitor" serve --config "$dir/config" --state "$dir/$name" --rules "$root/rules" >"$dir/$name.out" 2>&1 3>&- &
    pids+=($!); names+=("$name"); node_pids+=($!)
  done
  for i in "${!pids[@]}"; do
    for _ in $(seq 1 1200); do
      grep -q '监测服务已启动' "$dir/${names[$i]}.out" 2>/dev/null && break
      alive "${pids[$i]}" || break
      sleep 0.1
    done
    grep -q '监测服务已启动' "$dir/${names[$i]}.out" || { echo "${names[$i]} did not start:" >&2; tail -n 30 "$dir/${names[$i]}.out" >&2; exit 1; }
  done
  # Warm-up: the first crawl of every source (every document new), not measured.
  deadline=$(awk -v s="$started" -v e="$every" 'BEGIN { printf "%.3f", s + 300 + 10 * e }')
  until [ "$(q "$db" "SELECT CASE WHEN to_regclass('source_checks') IS NULL THEN 0 ELSE (SELECT count(DISTINCT source_id) FROM source_checks) END")" -ge "$source_count" ]; do
    awk -v n="$(now)" -v d="$deadline" 'BEGIN { exit !(n > d) }' && { echo "not every source was crawled within the warm-up:" >&2; tail -n 30 "$dir"/node-*.out >&2; exit 1; }
    sleep 1
  done
  warm=$(now)
  t0=$(awk -v n="$warm" -v e="$every" 'BEGIN { printf "%d", (int(n / e) + 1) * e }'); t1=$((t0 + window))
  sleep_until "$((t0 - 1))"
  warm_ticks=0
  declare -A ticks0=()
  for i in "${!pids[@]}"; do ticks0[$i]=$(tree_ticks "${pids[$i]}"); warm_ticks=$((warm_ticks + ticks0[$i])); done
  pg0=$(tree_ticks "$postmaster"); size0=$(q "$db" "SELECT pg_database_size('$db')"); load0=$(load)
  portal reset >/dev/null
  echo "start-up and first crawl of all $source_count sources: $(awk -v a="$started" -v b="$warm" 'BEGIN { printf "%.1f", b - a }') s wall, $(awk -v t="$warm_ticks" -v hz="$hz" 'BEGIN { printf "%.1f", t / hz }') s CPU (nodes, to the window's start)"
  # During the window: PostgreSQL connections of this database, every 5 s.
  conn_max=0; conn_sum=0; conn_n=0
  while awk -v n="$(now)" -v t="$((t1 - 6))" 'BEGIN { exit !(n < t) }'; do
    c=$(q "$db" "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db'")
    conn_sum=$((conn_sum + c)); conn_n=$((conn_n + 1)); [ "$c" -gt "$conn_max" ] && conn_max=$c
    sleep 5
  done
  sleep_until "$((t1 - 1))"
  declare -A ticks1=() rss=()
  for i in "${!pids[@]}"; do
    ticks1[$i]=$(tree_ticks "${pids[$i]}")
    rss[$i]=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/${pids[$i]}/status")
  done
  pg1=$(tree_ticks "$postmaster"); size1=$(q "$db" "SELECT pg_database_size('$db')"); load1=$(load)
  counts=$(portal counts)
  requests=$(sed -n 's/.* total=\([0-9]*\).*/\1/p' <<<"$counts")
  # Let the last slot's passes be recorded (a pass appears in source_checks when its record is written).
  in_window="as_of::timestamptz >= to_timestamp($t0) AND as_of::timestamptz < to_timestamp($t1)"
  for _ in $(seq 1 $((every + 30))); do
    [ "$(q "$db" "SELECT count(DISTINCT source_id) FROM source_checks WHERE as_of::timestamptz >= to_timestamp($((t1 - every))) AND as_of::timestamptz < to_timestamp($t1)")" -ge "$source_count" ] && break
    sleep 1
  done
  sleep 2
  IFS='|' read -r passes full repeats missing unassessed < <(q "$db" "
    WITH p AS (SELECT source_id, assessed, floor((extract(epoch FROM as_of::timestamptz) - $t0) / $every)::int AS slot
               FROM source_checks WHERE $in_window),
         s AS (SELECT slot, count(*) AS c, count(DISTINCT source_id) AS d FROM p GROUP BY slot)
    SELECT (SELECT count(*) FROM p),
           (SELECT count(*) FROM s WHERE c = $source_count AND d = $source_count),
           (SELECT coalesce(sum(c - d), 0) FROM s),
           $source_count * $slots - (SELECT coalesce(sum(d), 0) FROM s),
           (SELECT count(*) FROM p WHERE assessed = 0)")
  q "$db" "SELECT scan_id FROM source_checks WHERE $in_window" >"$dir/window-scans"
  for i in "${!pids[@]}"; do stop_node "${pids[$i]}"; done
  evidence=$(du -sb "$dir/evidence" 2>/dev/null | cut -f1)

  # Per node: the window's passes from its log ("Crawled <id> (<name>) in scan <N>: …; <X.X> s").
  total_ticks=0; per_node=""; all_elapsed=""
  for i in "${!pids[@]}"; do
    ticks=$((ticks1[$i] - ticks0[$i])); total_ticks=$((total_ticks + ticks))
    stats=$(cat "$dir/${names[$i]}"/logs/monitor-*.log | awk -v scans="$dir/window-scans" '
      BEGIN { while ((getline s < scans) > 0) want[s] = 1 }
      / Crawled / && match($0, /in scan [0-9]+:/) {
        id = substr($0, RSTART + 8, RLENGTH - 9)
        if (!(id in want) || seen[id]++) next
        if (match($0, /; [0-9.]+ s( |$)/)) { e = substr($0, RSTART + 2, RLENGTH - 2) + 0; n++; sum += e; if (e > max) max = e; print e > "/dev/stderr" }
      }
      END { printf "%d %.2f %.1f", n, n ? sum / n : 0, max }' 2>>"$dir/elapsed")
    read -r n mean max <<<"$stats"
    per_node+=$(awk -v name="${names[$i]}" -v n="$n" -v mean="$mean" -v max="$max" -v t="$ticks" -v hz="$hz" -v rss="${rss[$i]}" -v w="$window" \
      'BEGIN { printf "  %s: %d passes, mean %.2f s (max %.1f s), CPU %.1f s (%.2f cores, %s s per pass), peak RSS %s MiB\n",
               name, n, mean, max, t / hz, t / hz / w, n ? sprintf("%.3f", t / hz / n) : "-", rss }')$'\n'
  done
  read -r logged mean_all max_all < <(awk '{ n++; s += $1; if ($1 > m) m = $1 } END { printf "%d %.2f %.1f\n", n, n ? s / n : 0, m }' "$dir/elapsed" 2>/dev/null || echo "0 0 0")
  cpu_pass=$(awk -v t="$total_ticks" -v hz="$hz" -v p="$passes" 'BEGIN { printf "%.3f", p ? t / hz / p : 0 }')
  rss_max=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)

  echo "window $(hhmmss "$t0")–$(hhmmss "$t1") UTC, load $load0 → $load1"
  awk -v p="$passes" -v w="$window" -v n="$source_count" -v e="$every" 'BEGIN { printf "passes recorded: %.1f per minute (%d in %d s; %.1f wanted)\n", p * 60 / w, p, w, n * 60 / e }'
  awk -v f="$full" -v s="$slots" -v r="$repeats" -v m="$missing" -v u="$unassessed" \
    'BEGIN { printf "slots with every source crawled exactly once: %d of %d (%.0f %%); extra passes %d, missing %d; not assessed %d\n", f, s, 100 * f / s, r, m, u }'
  echo "mean pass duration: $mean_all s (max $max_all s; $logged \"Crawled\" log lines of the window's passes)"
  awk -v r="$requests" -v p="$passes" 'BEGIN { printf "portal requests: %d in the window (%.1f per pass)\n", r, p ? r / p : 0 }'
  awk -v t="$total_ticks" -v hz="$hz" -v w="$window" -v c="$cpu_pass" 'BEGIN { printf "CPU of the monitor processes: %.1f s in %d s (%.2f cores) = %s s per pass\n", t / hz, w, t / hz / w, c }'
  printf '%s' "$per_node"
  awk -v t="$((pg1 - pg0))" -v hz="$hz" -v p="$passes" -v cm="$conn_max" -v cs="$conn_sum" -v cn="$conn_n" \
    'BEGIN { printf "PostgreSQL: CPU %.1f s (%.3f s per pass); connections to the database max %d, mean %.1f (sampled every 5 s)\n", t / hz, p ? t / hz / p : 0, cm, cn ? cs / cn : 0 }'
  awk -v a="$size0" -v b="$size1" -v p="$passes" -v ev="${evidence:-0}" \
    'BEGIN { printf "database size: %.1f MiB at the end (%+.2f MiB in the window, %.1f KiB per pass); evidence folder %.1f MiB\n", b / 1048576, (b - a) / 1048576, p ? (b - a) / 1024 / p : 0, ev / 1048576 }'
  summary+=("$nodes|$cpu_pass|${recheck:-rescan}")
  node_pids=()
done

# --- sizing -----------------------------------------------------------------------------------------------------------
echo
echo "== sizing: sources per node under the default schedules (docs/serve.md)"
mix=$(awk '
  function flush() { if (id == "") return
    if (type == "homepage") { k = "首页"; d = 12 } else if (type ~ /^wechat/) { k = "WeChat"; d = 4 }
    else if (ct == "动态要闻") { k = "动态要闻"; d = 6 } else if (ct == "通知公告") { k = "通知公告"; d = 4 } else { k = "others"; d = 1 }
    count[k]++; per[k] = d; total += d; n++ }
  /^  - id: / { flush(); id = $3; type = ""; ct = "" }
  /^    type: / { type = $2 } /^    columnType: / { ct = $2 }
  END { flush(); split("首页 动态要闻 通知公告 WeChat others", order, " ")
        for (i = 1; i <= 5; i++) if (count[order[i]]) s = s sprintf("%s%d %s × %d/day", s == "" ? "" : ", ", count[order[i]], order[i], per[order[i]])
        printf "%d|%d|%s\n", n, total, s }' "$sources_yaml")
IFS='|' read -r mix_sources mix_passes mix_text <<<"$mix"
# Re-scan: the larger CPU per pass of the runs without recheck; recheck: the run with every document due.
read -r rescan_cpu rescan_nodes recheck_cpu recheck_n < <(printf '%s\n' "${summary[@]}" | awk -F'|' '
  $3 == "rescan" && $2 > r { r = $2; rn = $1 } $3 != "rescan" { c = $2; cn = $1 } END { print r + 0, rn + 0, c + 0, cn + 0 }')
awk -v ms="$mix_sources" -v mp="$mix_passes" -v mt="$mix_text" -v r="$rescan_cpu" -v rn="$rescan_nodes" -v c="$recheck_cpu" -v cn="$recheck_n" \
    -v cores="$cores" -v share="$share" '
  BEGIN {
    per = mp / ms; budget = cores * share / 100 * 86400
    printf "mix: the sample deployment, a county portal of %d sources: %s = %d passes a day, %.2f per source\n", ms, mt, mp, per
    printf "CPU per pass: re-scan %.3f s (the larger of the runs without recheck: %d node(s))", r, rn
    if (cn > 0) printf "; every document due %.3f s (%d node(s))\n", c, cn; else { printf "; no run with every document due: re-scan cost used for every pass\n"; c = r }
    printf "budget: %d %% of %d cores = %.2f CPU-s per second = %.0f CPU-s a day\n", share, cores, cores * share / 100, budget
    # recheckAfter 1d: each stored document is fetched again (conditionally) once a day, so one pass a day per source
    # costs like the recheck run and the others like re-scans.
    day = c + (per - 1) * r
    printf "CPU a day per source: 1 pass with every document due + %.2f re-scans = %.3f + %.2f × %.3f = %.3f CPU-s\n", per - 1, c, per - 1, r, day
    printf "sources per node = %.0f / %.3f = %.0f\n", budget, day, (day > 0 ? budget / day : 0)
    printf "one county (%d sources) needs %.0f CPU-s a day = %.3f %% of one core\n", ms, ms * day, ms * day / 864
  }'
cat <<'NOTE'
These are the sample portal's small pages (40 news items per column by default) on loopback, no politeness delay,
measured in steady state: after the first crawl nearly every pass is an incremental re-scan (304 answers, few new
documents). A first crawl costs about 2 ms of CPU per page (docs/benchmarks.md, Crawler) and a browser-rendered list
page 0.7-1.0 s; real portals have larger pages and slower answers. Each pass evaluates the whole site, so the cost per
pass grows with the number of sources of a deployment, and evaluate-and-record is serialised across the cluster.
Both nodes of a 2-node run share this machine's cores: the run shows the cost of clustering and the once-per-slot
sharing, not added capacity. Memory (peak RSS per node, plus about 350-400 MiB for Chromium while it renders) and
the politeness settings, not CPU, are what limit a node in production.
NOTE
echo "== done $(date -u +%FT%TZ), load $(load)"
