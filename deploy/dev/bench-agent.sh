#!/usr/bin/env bash
# Agent benchmark (issue 4), all in one run, everything on loopback:
#   1. idle RSS of a freshly started coordinator (release) and of xcheck-agent with its default settings,
#      connected to it and holding its long poll, no jobs (VmRSS from /proc, median of READINGS readings 1 s
#      apart), beside curl's own peak RSS for one request to a simulated panel (/usr/bin/time -f %M, median of
#      READINGS runs);
#   2. CPU per 1,000 checks: the agent restarted with --max-concurrency CHECKS and a metrics listener runs
#      CPU_RUNS rounds of CHECKS ad-hoc checks (POST /v1/checks, one job each) against simulated panels in
#      normal mode on CHECKS loopback addresses 127.2.x.y (the politeness gate allows one check at a time per
#      host); CPU = utime + stime of the agent process (/proc/PID/stat) from the first check created to the
#      last result acknowledged (xcheck_agent_results_acknowledged_total), median of the rounds;
#   3. RSS with CHECKS checks in flight: CHECKS ad-hoc checks against panels in slow:SLOW_MS mode on
#      127.3.x.y, which answer every request after SLOW_MS ms; sampled every 0.2 s: the agent's own gauge
#      xcheck_agent_checks_in_flight, its VmRSS, and the established TCP connections to the slow panels
#      (ss); the RSS figure is the median of the samples taken while the gauge reads CHECKS;
#   4. the release binary's size before and after `strip`.
# Release builds with the Swift runtime linked statically (as deploy/agent builds the agent). A throwaway
# PostgreSQL cluster on 127.0.0.1:PGPORT; every process is stopped by PID at the end, also on failure; tokens
# stay in files of mode 0600. Prints the table of docs/benchmarks.md ("Agent").
# Settings (environment): READINGS, CHECKS, CPU_RUNS, SLOW_MS, PGPORT, PANEL_PORT, METRICS_PORT; SOAK_ROUNDS=N adds
# N rounds after the CPU rounds and prints the RSS after each (a leak check); AGENT_ENV='NAME=VALUE ...' sets
# variables for the agent process (e.g. AGENT_ENV=MALLOC_ARENA_MAX=1).
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/dev/lib.sh
xcheck_ensure_swift
xcheck_ensure_packages "${XCHECK_PACKAGES[@]}" python3 curl time binutils

READINGS=${READINGS:-5}
CHECKS=${CHECKS:-1000}
CPU_RUNS=${CPU_RUNS:-5}
SLOW_MS=${SLOW_MS:-10000}
PGPORT=${PGPORT:-18533}
PANEL_PORT=${PANEL_PORT:-19400}      # every simulated panel listens on this port, each on its own address
METRICS_PORT=${METRICS_PORT:-19464}
read -r -a agent_env <<<"${AGENT_ENV:-}"  # extra NAME=VALUE settings for the agent, e.g. MALLOC_ARENA_MAX=1
((CHECKS <= 2000)) || { echo "CHECKS is at most 2000 (addresses 127.2.0.1 to 127.2.7.250)" >&2; exit 1; }

echo "== building (release, static Swift runtime)"
build_log=$(mktemp /tmp/xcheck-bench-agent-build.XXXXXX)
for product in xcheck-agent xcheck-coordinator xcheck-panel-sim; do
    swift build -c release --static-swift-stdlib --product "$product" >"$build_log" 2>&1 || { cat "$build_log" >&2; exit 1; }
done
rm -f "$build_log"
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

state=$(mktemp -d /tmp/xcheck-bench-agent.XXXXXX)
chmod 0755 "$state"                  # the postgres user must reach its data and socket folders inside
pids=()                              # processes started here, stopped by PID at the end
pg_started=""
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_pid() {  # SIGTERM, then SIGKILL after 10 s
    kill -TERM "$1" 2>/dev/null || return 0
    for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
}
cleanup() {
    local pid
    for pid in "${pids[@]}"; do stop_pid "$pid"; done
    [ -n "$pg_started" ] && as_pg "$pgbin/pg_ctl" -D "$state/pgdata" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$state"
}
trap cleanup EXIT INT TERM

echo "== throwaway PostgreSQL cluster on 127.0.0.1:$PGPORT"
mkdir -m 0700 "$state/pgdata" "$state/secrets"
mkdir -m 0755 "$state/socket"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$state/pgdata" "$state/socket"
as_pg "$pgbin/initdb" -D "$state/pgdata" -U postgres --auth=trust -E UTF8 --locale=C >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }
cat >>"$state/pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$state/socket'
max_connections = 100
CONF
as_pg "$pgbin/pg_ctl" -D "$state/pgdata" -l "$state/socket/postgres.log" -w -t 60 start >/dev/null
pg_started=1
psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "CREATE DATABASE xcheck"
db=(--database-url "postgres://postgres@127.0.0.1:$PGPORT/xcheck" --key-file "$state/secrets/credential.key" --data-dir "$state/data")

# Waits until FILE has at least N lines matching PATTERN, or the process PID exits (then fails).
wait_for_lines() {  # file pattern n pid what
    for _ in $(seq 1200); do
        local found
        found=$(grep -c -- "$2" "$1" 2>/dev/null || true)
        ((${found:-0} >= $3)) && return 0
        kill -0 "$4" 2>/dev/null || { echo "$5 exited:" >&2; tail -n 20 "$1" >&2; exit 1; }
        sleep 0.1
    done
    echo "timed out waiting for $5" >&2
    exit 1
}

echo "== coordinator"
"$bin/xcheck-coordinator" serve --listen 127.0.0.1:0 --log-level warning "${db[@]}" \
    >"$state/coordinator.out" 2>"$state/coordinator.err" &
coordinator_pid=$!
pids+=("$coordinator_pid")
wait_for_lines "$state/coordinator.out" "^listening http://127.0.0.1:" 1 "$coordinator_pid" "the coordinator"
coordinator=$(grep -m 1 '^listening ' "$state/coordinator.out" | cut -d' ' -f2)
umask 077
"$bin/xcheck-coordinator" agents add --name bench-agent --region bench --network loopback "${db[@]}" | tail -n 1 \
    >"$state/secrets/agent-token"
"$bin/xcheck-coordinator" tokens add --name bench-user --scope check "${db[@]}" | tail -n 1 >"$state/secrets/api-token"
umask 022

echo "== simulated panels: $CHECKS normal on 127.2.x.y:$PANEL_PORT, $CHECKS slow:$SLOW_MS on 127.3.x.y:$PANEL_PORT"
addresses() {  # the first CHECKS addresses 127.<net>.<i/250>.<i%250+1>
    local i
    for ((i = 0; i < CHECKS; i++)); do printf '127.%d.%d.%d\n' "$1" $((i / 250)) $((i % 250 + 1)); done
}
addresses 2 >"$state/normal.addresses"
addresses 3 >"$state/slow.addresses"
start_panels() {  # name mode addresses-file
    local args=() address
    while read -r address; do args+=(--listen "$address:$PANEL_PORT"); done <"$3"
    "$bin/xcheck-panel-sim" --mode "$2" "${args[@]}" >"$state/panels-$1.out" 2>"$state/panels-$1.err" &
    pids+=($!)
    wait_for_lines "$state/panels-$1.out" "^listening " "$CHECKS" $! "the $1 panels"
}
start_panels normal normal "$state/normal.addresses"
start_panels slow "slow:$SLOW_MS" "$state/slow.addresses"

# A helper for what shell does poorly: parallel check creation, /proc and /metrics readings, medians.
cat >"$state/driver.py" <<'PY'
import concurrent.futures, json, os, re, statistics, subprocess, sys, time, urllib.request

state = os.environ["STATE"]
coordinator = os.environ["COORDINATOR"]
metrics_url = os.environ.get("METRICS_URL", "")
panel_port = os.environ["PANEL_PORT"]
tick = os.sysconf("SC_CLK_TCK")

def api_token():
    return open(f"{state}/secrets/api-token").read().strip()

def create_checks(addresses_file, username):
    """POST /v1/checks (wait_seconds 0) for every address, 16 at a time; every answer must be 200."""
    token = api_token()
    urls = [f"http://{a.strip()}:{panel_port}" for a in open(addresses_file) if a.strip()]
    def post(url):
        body = json.dumps({"url": url, "username": username, "password": "secret", "wait_seconds": 0}).encode()
        request = urllib.request.Request(f"{coordinator}/v1/checks", data=body, method="POST", headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            document = json.load(answer)
            if answer.status != 200 or document.get("reused"):
                raise SystemExit(f"POST /v1/checks {url}: {answer.status} reused={document.get('reused')}")
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(post, urls))

def metrics():
    """The agent's /metrics as {name: summed value}."""
    text = urllib.request.urlopen(metrics_url, timeout=10).read().decode()
    values = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name = re.split(r"[{ ]", line, 1)[0]
        values[name] = values.get(name, 0) + float(line.rsplit(" ", 1)[1])
    return values

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick     # utime + stime

def status_kb(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0

def established(port):
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True).stdout
    return len([l for l in out.splitlines() if l.strip()])

def wait_acknowledged(target, limit=600):
    deadline = time.time() + limit
    while time.time() < deadline:
        m = metrics()
        if m.get("xcheck_agent_results_acknowledged_total", 0) >= target and m.get("xcheck_agent_checks_in_flight", 1) == 0 \
                and m.get("xcheck_agent_spool_depth", 1) == 0:
            return m
        time.sleep(0.1)
    raise SystemExit(f"timed out: {metrics()}")

command = sys.argv[1]
if command == "readings":          # readings PID N: VmRSS every second, median; and VmHWM
    pid, n = sys.argv[2], int(sys.argv[3])
    values = []
    for i in range(n):
        if i:
            time.sleep(1)
        values.append(status_kb(pid, "VmRSS"))
    print(f"{statistics.median(values) / 1024:.1f} {status_kb(pid, 'VmHWM') / 1024:.1f} "
          + ",".join(f"{v / 1024:.1f}" for v in values))
elif command == "cpu-round":       # cpu-round PID USERNAME COUNT: CPU seconds and wall seconds of COUNT checks
    pid, username, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
    before = metrics()
    target = before.get("xcheck_agent_results_acknowledged_total", 0) + count
    cpu0, t0 = cpu_seconds(pid), time.time()
    create_checks(f"{state}/normal.addresses", username)
    after = wait_acknowledged(target)
    cpu1, t1 = cpu_seconds(pid), time.time()
    received = after["xcheck_agent_jobs_received_total"] - before.get("xcheck_agent_jobs_received_total", 0)
    if received != count:
        raise SystemExit(f"the agent received {received} jobs, expected {count}")
    print(f"{cpu1 - cpu0:.2f} {t1 - t0:.2f} {status_kb(pid, 'VmRSS') / 1024:.1f}")
elif command == "in-flight":       # in-flight PID COUNT: samples while COUNT slow checks run
    pid, count = sys.argv[2], int(sys.argv[3])
    target = metrics().get("xcheck_agent_results_acknowledged_total", 0) + count
    cpu0 = cpu_seconds(pid)
    creator = concurrent.futures.ThreadPoolExecutor(1).submit(create_checks, f"{state}/slow.addresses", "active")
    samples, start = [], time.time()
    while time.time() - start < 600:
        m = metrics()
        samples.append((time.time() - start, int(m.get("xcheck_agent_checks_in_flight", 0)),
                        status_kb(pid, "VmRSS"), established(panel_port)))
        if m.get("xcheck_agent_results_acknowledged_total", 0) >= target and creator.done():
            break
        time.sleep(0.2)
    creator.result()
    full = [s for s in samples if s[1] >= count]
    last = -1.0
    for s in samples:                # a timeline, one sample a second, on stderr (the script's output)
        if s[0] - last >= 1.0 or s is samples[-1]:
            last = s[0]
            print(f"  t={s[0]:5.1f} s  in flight {s[1]:5d}  RSS {s[2] / 1024:6.1f} MB  connections {s[3]:5d}", file=sys.stderr)
    max_in_flight = max(s[1] for s in samples)
    rss_full = statistics.median(s[2] for s in full) / 1024 if full else 0
    print(f"{max_in_flight} {len(full)} {(full[-1][0] - full[0][0]) if full else 0:.1f} {rss_full:.1f} "
          f"{max(s[2] for s in samples) / 1024:.1f} {status_kb(pid, 'VmHWM') / 1024:.1f} "
          f"{max(s[3] for s in samples)} {cpu_seconds(pid) - cpu0:.2f}")
PY
driver() { STATE="$state" COORDINATOR="$coordinator" PANEL_PORT="$PANEL_PORT" \
    METRICS_URL="http://127.0.0.1:$METRICS_PORT/metrics" python3 "$state/driver.py" "$@"; }

start_agent() {  # label flags...: the binary with its token in the environment, as operators run it
    local label=$1
    shift
    env "${agent_env[@]}" XCHECK_COORDINATOR="$coordinator" XCHECK_AGENT_TOKEN="$(cat "$state/secrets/agent-token")" \
        "$bin/xcheck-agent" --spool-dir "$state/spool" "$@" >"$state/$label.out" 2>"$state/$label.err" &
    agent_pid=$!
    pids+=("$agent_pid")
    wait_for_lines "$state/$label.err" "the coordinator knows this agent" 1 "$agent_pid" "the agent ($label)"
}

echo "== idle RSS: coordinator, agent (default settings), curl (one request)"
sleep 2
out=$(driver readings "$coordinator_pid" "$READINGS")
read -r coordinator_rss _ coordinator_all <<<"$out"
start_agent idle
sleep 5                              # heartbeat sent, long poll held: the agent's steady idle state
out=$(driver readings "$agent_pid" "$READINGS")
read -r idle_rss idle_hwm idle_all <<<"$out"
stop_pid "$agent_pid"
# The stopped agent's last long poll stays held at the coordinator for up to 25 s, and until it ends it would
# claim (and lose) jobs meant for this agent: wait it out before the load phase.
sleep 27
curl_all=()
login="http://127.2.0.1:$PANEL_PORT/player_api.php?username=active&password=secret"
for _ in $(seq "$READINGS"); do
    kb=$( { /usr/bin/time -f %M curl -s -o /dev/null "$login"; } 2>&1 )
    curl_all+=("$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')")
done
curl_rss=$(printf '%s\n' "${curl_all[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "coordinator idle RSS (MB): median $coordinator_rss, readings $coordinator_all"
echo "agent idle RSS (MB): median $idle_rss (peak $idle_hwm), readings $idle_all"
echo "curl one request, peak RSS (MB): median $curl_rss, runs ${curl_all[*]}"

echo "== load: the agent with --max-concurrency $CHECKS and a metrics listener"
start_agent load --allow-private-targets --max-concurrency "$CHECKS" --metrics-listen "127.0.0.1:$METRICS_PORT"
sleep 3
out=$(driver readings "$agent_pid" 1)
read -r load_idle_rss _ _ <<<"$out"
echo "agent idle RSS with the metrics listener, before load (MB): $load_idle_rss"

cpu_all=()
wall_all=()
usernames=(active trial unlimited maxed expired)
for ((run = 0; run < CPU_RUNS; run++)); do
    # A new username each round: an identical check within 30 s would be reused, not run again.
    out=$(driver cpu-round "$agent_pid" "${usernames[run % ${#usernames[@]}]}" "$CHECKS")
    read -r cpu wall rss_after <<<"$out"
    echo "round $((run + 1)): $CHECKS checks in ${wall} s, agent CPU ${cpu} s, RSS after ${rss_after} MB"
    cpu_all+=("$cpu")
    wall_all+=("$wall")
    sleep 2
done
# Optional soak: more rounds (usernames the panels do not know: credentials_rejected, a full check all the
# same) to see whether the agent's RSS settles or keeps growing.
for ((run = 0; run < ${SOAK_ROUNDS:-0}; run++)); do
    out=$(driver cpu-round "$agent_pid" "soak$run" "$CHECKS")
    read -r cpu wall rss_after <<<"$out"
    echo "soak round $((run + 1)): $CHECKS checks in ${wall} s, agent CPU ${cpu} s, RSS after ${rss_after} MB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cpu_median=$(median "${cpu_all[@]}")
cpu_per_1000=$(awk -v c="$cpu_median" -v n="$CHECKS" 'BEGIN { printf "%.2f", c * 1000 / n }')

echo "== $CHECKS checks in flight (panels answer after $SLOW_MS ms)"
out=$(driver in-flight "$agent_pid" "$CHECKS")
read -r max_in_flight full_samples full_seconds rss_full rss_max hwm_load max_conns slow_cpu <<<"$out"
echo "in flight: max $max_in_flight (gauge), $full_samples samples over ${full_seconds} s at $CHECKS; established connections to the slow panels: max $max_conns"
echo "RSS at $CHECKS in flight (MB): median $rss_full, max sampled $rss_max, VmHWM $hwm_load; agent CPU for the slow round ${slow_cpu} s"
((max_in_flight >= CHECKS)) || { echo "never had $CHECKS checks in flight at once (max $max_in_flight)" >&2; exit 1; }
sleep 15
out=$(driver readings "$agent_pid" "$READINGS")
read -r settled_rss _ _ <<<"$out"
echo "RSS 15 s after the last result (MB): $settled_rss"
grep -q -- "check finished" "$state/load.err" || { echo "the agent logged no finished check" >&2; exit 1; }
if grep -q -- "$(cat "$state/secrets/agent-token")" "$state/load.err" "$state/idle.err"; then
    echo "the agent token appears in the agent's log" >&2
    exit 1
fi
stop_pid "$agent_pid"

size=$(stat -c %s "$bin/xcheck-agent")
cp "$bin/xcheck-agent" "$state/xcheck-agent.stripped"
strip "$state/xcheck-agent.stripped"
stripped=$(stat -c %s "$state/xcheck-agent.stripped")
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

cat <<TABLE

| measure | value | goal |
|---|---|---|
| xcheck-agent idle RSS, connected, default settings (median of $READINGS) | $idle_rss MB | ≤ 15 MB |
| xcheck-coordinator idle RSS (median of $READINGS) | $coordinator_rss MB | |
| curl, one request, peak RSS (median of $READINGS) | $curl_rss MB | |
| xcheck-agent RSS with $CHECKS checks in flight (median of $full_samples samples) | $rss_full MB (max $rss_max, VmHWM $hwm_load; $settled_rss after) | ≤ 80 MB |
| checks in flight (agent gauge / established connections at the panels) | $max_in_flight / $max_conns | $CHECKS |
| agent CPU per 1,000 checks (median of $CPU_RUNS rounds: ${cpu_all[*]} s per $CHECKS) | $cpu_per_1000 s | |
| wall time per round of $CHECKS checks (${wall_all[*]}) | $(median "${wall_all[@]}") s | |
| xcheck-agent binary, release, static Swift runtime | $(mb "$size") MB, $(mb "$stripped") MB stripped | |
TABLE
