#!/usr/bin/env bash
# Coordinator benchmark (issue 3), all in one run against a throwaway PostgreSQL cluster on 127.0.0.1:
#   1. ingest:  10 simulated agents (10 agent tokens) post batches of 100 results (POST /v1/agent/results,
#               realistic probe result documents, unique result ids, started_at in today's partition) until
#               RESULTS results are stored; alternated RUNS times with psql's \copy of the same rows into the
#               same results table (the limit), TRUNCATE and CHECKPOINT before every run;
#   2. fan-out: 3 simulated agents long-poll and answer every job at once with a canned result; CHECKS ad-hoc
#               checks (POST /v1/checks, wait_seconds 10, a new username each so none is coalesced) one after
#               another; overhead = time to answer minus the slowest agent's own handling time;
#   3. reads:   READ_ROWS result rows over READ_TARGETS targets, the 10 agents and the last 7 days
#               (INSERT ... SELECT generate_series, realistic documents), VACUUM ANALYZE, then READS requests
#               each of GET /v1/targets/{id}/verdict and of two history pages (since 24 h and since 7 days
#               ago, limit 100) for random targets, one request at a time, beside GET /v1/targets/{id} (the
#               baseline: token check and one primary-key read);
#   4. idle RSS of a freshly started coordinator (VmRSS/VmHWM from /proc, median of 5 readings), measured
#      first; the same process's RSS after all the load is printed at the end.
# The coordinator and the benchmark client (xcheck-coordinator-bench, libcurl, a fresh connection per request
# like agents) are release builds with the Swift runtime linked statically. Everything stays on loopback;
# the coordinator is stopped by PID and the cluster with pg_ctl at the end, also on failure. Tokens are kept
# in files of mode 0600 and never printed. Prints the tables of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/dev/lib.sh
xcheck_ensure_swift
xcheck_ensure_packages "${XCHECK_PACKAGES[@]}" python3

RUNS=${RUNS:-5}                      # alternating ingest / COPY runs
RESULTS=${RESULTS:-200000}           # results per ingest or COPY run
BATCH=${BATCH:-100}
CHECKS=${CHECKS:-300}                # measured ad-hoc checks (plus 10 warm-up checks)
READ_ROWS=${READ_ROWS:-10000000}     # rows in results for the read benchmark
READ_TARGETS=${READ_TARGETS:-1000}
READS=${READS:-500}                  # measured requests per read endpoint (plus 20 warm-up)
PGPORT=${PGPORT:-18532}
AGENTS=10

echo "== building (release, static Swift runtime)"
swift build -c release --static-swift-stdlib --product xcheck-coordinator >/dev/null
swift build -c release --static-swift-stdlib --product xcheck-coordinator-bench >/dev/null
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

state=$(mktemp -d /tmp/xcheck-bench-coordinator.XXXXXX)
chmod 0755 "$state"                  # the postgres user must reach its data and socket folders inside
coordinator_pid=""
pg_started=""
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    if [ -n "$coordinator_pid" ]; then
        kill -TERM "$coordinator_pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$coordinator_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$coordinator_pid" 2>/dev/null || true
    fi
    [ -n "$pg_started" ] && as_pg "$pgbin/pg_ctl" -D "$state/pgdata" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$state"
}
trap cleanup EXIT INT TERM

echo "== throwaway PostgreSQL cluster on 127.0.0.1:$PGPORT ($("$pgbin/postgres" --version))"
mkdir -m 0700 "$state/pgdata" "$state/secrets"
mkdir -m 0755 "$state/socket"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$state/pgdata" "$state/socket"
as_pg "$pgbin/initdb" -D "$state/pgdata" -U postgres --auth=trust -E UTF8 --locale=C >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }
# Settings of a small dedicated server; durability as in production (fsync, synchronous_commit on).
cat >>"$state/pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$state/socket'
shared_buffers = 1GB
max_wal_size = 8GB
checkpoint_timeout = 30min
max_connections = 100
CONF
as_pg "$pgbin/pg_ctl" -D "$state/pgdata" -l "$state/socket/postgres.log" -w -t 60 start >/dev/null
pg_started=1
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d xcheck "$@"; }
psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "CREATE DATABASE xcheck"
db_url="postgres://postgres@127.0.0.1:$PGPORT/xcheck"
db=(--database-url "$db_url" --key-file "$state/secrets/credential.key")
postmaster_pid=$(head -n 1 "$state/pgdata/postmaster.pid")

# CPU seconds of the PostgreSQL server: the postmaster, its live children and the children it reaped.
pg_cpu() {
    python3 - "$postmaster_pid" <<'PY'
import os, sys
root = sys.argv[1]
tick = os.sysconf("SC_CLK_TCK")
def fields(pid):
    try:
        text = open(f"/proc/{pid}/stat").read()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()
total = 0
own = fields(root)
total += sum(int(x) for x in own[11:15])          # utime stime cutime cstime
for pid in os.listdir("/proc"):
    if pid.isdigit():
        f = fields(pid)
        if f and f[1] == root:
            total += int(f[11]) + int(f[12])
print(f"{total / tick:.2f}")
PY
}

echo "== enrolling $AGENTS ingest agents, 3 fan-out agents and two API users (tokens go to $state/secrets)"
: >"$state/secrets/ingest-agents"
: >"$state/secrets/fanout-agents"
chmod 0600 "$state/secrets/ingest-agents" "$state/secrets/fanout-agents"
enrol() {  # name region network file
    local token id
    token=$("$bin/xcheck-coordinator" agents add --name "$1" --region "$2" --network "$3" "${db[@]}" | tail -n 1)
    id=$(psql_ -At -c "SELECT id FROM agents WHERE name = '$1'")
    printf '%s %s\n' "$id" "$token" >>"$4"
}
for i in $(seq "$AGENTS"); do enrol "bench-ingest-$i" bench "net-$((i % 3))" "$state/secrets/ingest-agents"; done
for n in a b c; do enrol "bench-fanout-$n" fanout "net-$n" "$state/secrets/fanout-agents"; done
for scope in check read; do
    ( umask 077; "$bin/xcheck-coordinator" tokens add --name "bench-$scope" --scope "$scope" "${db[@]}" | tail -n 1 >"$state/secrets/$scope-token" )
done

echo "== starting the coordinator (external database)"
"$bin/xcheck-coordinator" serve --listen 127.0.0.1:0 "${db[@]}" >"$state/coordinator.out" 2>"$state/coordinator.err" &
coordinator_pid=$!
url=""
for _ in $(seq 300); do
    url=$(sed -n 's/^listening \(http:[^ ]*\)$/\1/p' "$state/coordinator.out" | head -n 1)
    [ -n "$url" ] && break
    kill -0 "$coordinator_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$url" ] || { echo "the coordinator did not start" >&2; cat "$state/coordinator.err" >&2; exit 1; }
echo "   $url (pid $coordinator_pid)"

results="$state/results.txt"
: >"$results"

echo "== idle RSS: 15 s after start, then 5 readings 2 s apart"
sleep 15
for i in $(seq 5); do
    awk -v i="$i" '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {print "rss-idle reading=" i " rss_kb=" r " hwm_kb=" h}' \
        "/proc/$coordinator_pid/status" >>"$results"
    sleep 2
done

echo "== ingest: $RUNS alternating runs of $RESULTS results, HTTP ($AGENTS agents, batches of $BATCH) and COPY"
started=$(date +%s)
rows=(--agents-file "$state/secrets/ingest-agents" --results "$RESULTS" --batch "$BATCH" --seed 42 --started-at "$started")
"$bin/xcheck-coordinator-bench" copy-rows "${rows[@]}" --out "$state/rows.copy" | tee -a "$results"
columns="result_id, started_at, agent_id, job_id, outcome, stage, total_ms, document"
reset_results() { psql_ -c "TRUNCATE results" -c "CHECKPOINT"; }
count_results() {
    local n
    n=$(psql_ -At -c "SELECT count(*) FROM results")
    [ "$n" -eq "$RESULTS" ] || { echo "$1 stored $n rows, not $RESULTS" >&2; exit 1; }
}
for run in $(seq "$RUNS"); do
    reset_results
    before=$(pg_cpu)
    line=$("$bin/xcheck-coordinator-bench" ingest --url "$url" "${rows[@]}" --coordinator-pid "$coordinator_pid")
    after=$(pg_cpu)
    count_results ingest
    echo "$line pg_cpu_s=$(python3 -c "print(f'{$after - $before:.2f}')") run=$run" | tee -a "$results"

    reset_results
    before=$(pg_cpu)
    t0=$(date +%s.%N)
    psql_ -c "\\copy results($columns) FROM '$state/rows.copy'"
    t1=$(date +%s.%N)
    after=$(pg_cpu)
    count_results COPY
    python3 -c "w = $t1 - $t0; print(f'copy results=$RESULTS wall_s={w:.3f} results_per_s={$RESULTS / w:.0f} pg_cpu_s={$after - $before:.2f} run=$run')" \
        | tee -a "$results"
done
reset_results
rm -f "$state/rows.copy"

echo "== fan-out: $CHECKS ad-hoc checks to 3 long-polling agents"
"$bin/xcheck-coordinator-bench" fan-out --url "$url" --agents-file "$state/secrets/fanout-agents" \
    --token-file "$state/secrets/check-token" --region fanout --count "$CHECKS" --wait-seconds 10 | tee -a "$results"

echo "== reads: filling results with $READ_ROWS rows ($READ_TARGETS targets, $AGENTS agents, 7 days)"
"$bin/xcheck-coordinator-bench" sample-document --index 0 | head -n 1 >"$state/doc-ok.json"
"$bin/xcheck-coordinator-bench" sample-document --index 3 | head -n 1 >"$state/doc-rejected.json"
"$bin/xcheck-coordinator-bench" sample-document --index 7 | head -n 1 >"$state/doc-timeout.json"
per_pair=$((READ_ROWS / (READ_TARGETS * AGENTS)))
[ "$per_pair" -ge 1 ] || { echo "READ_ROWS must be at least READ_TARGETS * $AGENTS" >&2; exit 1; }
psql_ <<SQL
TRUNCATE results;  -- the fan-out's rows: the table holds exactly READ_ROWS rows
-- Monitored targets every 10 minutes; next run a year away, so the scheduler makes no jobs meanwhile.
INSERT INTO targets (name, url, username, interval_seconds, next_run_at)
SELECT 'bench-' || n, 'http://panel-' || n || '.example.com:8080', 'user' || n, 600, now() + interval '1 year'
FROM generate_series(1, $READ_TARGETS) n;
-- The daily partitions of the past week, as the coordinator would have made them day by day.
DO \$\$
DECLARE d date;
BEGIN
    FOR i IN 2..8 LOOP
        d := (now() AT TIME ZONE 'UTC')::date - i;
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF results FOR VALUES FROM (%L) TO (%L)',
                       'results_p' || to_char(d, 'YYYYMMDD'), d || ' 00:00:00+00', (d + 1) || ' 00:00:00+00');
    END LOOP;
END
\$\$;
SQL
target_range=$(psql_ -At -F ' ' -c "SELECT min(id), max(id) FROM targets WHERE name LIKE 'bench-%'")
first_target=${target_range% *}
last_target=${target_range#* }
fill_start=$(date +%s)
chunk=100
chunks=$(((per_pair + chunk - 1) / chunk))
# Oldest rows first; each chunk is anchored at its own now(), so the newest rows end up minutes old at most.
for c in $(seq $((chunks - 1)) -1 0); do
    lo=$((c * chunk))
    hi=$((lo + chunk - 1 < per_pair - 1 ? lo + chunk - 1 : per_pair - 1))
    t0=$(date +%s)
    psql_ -v doc_ok="$(cat "$state/doc-ok.json")" -v doc_rejected="$(cat "$state/doc-rejected.json")" \
        -v doc_timeout="$(cat "$state/doc-timeout.json")" <<SQL
WITH templates(outcome, stage, total_ms, document) AS (
    VALUES ('ok', NULL, 151.6, :'doc_ok'::jsonb),
           ('credentials_rejected', 'login', 142.0, :'doc_rejected'::jsonb),
           ('connection_timeout', 'connect', 10012.4, :'doc_timeout'::jsonb)
), agents_ AS (
    SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS ord FROM agents WHERE region = 'bench'
), rows_ AS (
    SELECT t.id AS target_id, t.url, t.username, a.id AS agent_id,
           date_trunc('second', now() - make_interval(secs => k * (604800.0 / $per_pair) + (t.id * 7 + a.ord * 13) % 600)) AS at,
           CASE WHEN (k + a.ord) % 20 = 3 THEN 'credentials_rejected'
                WHEN (k + a.ord) % 33 = 7 THEN 'connection_timeout' ELSE 'ok' END AS outcome
    FROM generate_series($lo, $hi) k
    CROSS JOIN agents_ a
    CROSS JOIN targets t
    WHERE t.id BETWEEN $first_target AND $last_target
)
INSERT INTO results (result_id, started_at, agent_id, job_id, target_id, received_at, outcome, stage, total_ms, document)
SELECT gen_random_uuid(), r.at, r.agent_id, gen_random_uuid(), r.target_id, r.at + interval '200 ms', r.outcome, m.stage,
       m.total_ms,
       m.document || jsonb_build_object(
           'started_at', extract(epoch from r.at)::bigint,
           'target', jsonb_build_object('url', r.url, 'scheme', 'http',
                                        'host', split_part(split_part(r.url, '//', 2), ':', 1), 'port', 8080,
                                        'username', r.username))
FROM rows_ r JOIN templates m USING (outcome);
SQL
    echo "   k $lo..$hi: $(($(date +%s) - t0)) s"
done
fill_s=$(($(date +%s) - fill_start))
t0=$(date +%s)
psql_ -c "VACUUM (ANALYZE) results"
vacuum_s=$(($(date +%s) - t0))
psql_ -At -F ' ' <<SQL | sed 's/^/table /' | tee -a "$results"
SELECT 'rows=' || (SELECT count(*) FROM results),
       'heap_bytes=' || sum(pg_relation_size(i.inhrelid)) + coalesce(sum(pg_total_relation_size(c.reltoastrelid)) FILTER (WHERE c.reltoastrelid <> 0), 0),
       'index_bytes=' || sum(pg_indexes_size(i.inhrelid)),
       'total_bytes=' || sum(pg_total_relation_size(i.inhrelid)),
       'partitions=' || count(*),
       'fill_s=$fill_s', 'vacuum_s=$vacuum_s',
       'targets=$READ_TARGETS', 'agents=$AGENTS'
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'results'::regclass;
SQL
psql_ -At -c "SELECT 'window rows of target $first_target (last 30 min): ' || count(*) FROM results WHERE target_id = $first_target AND started_at > now() - interval '30 min'"

echo "== reads: $READS requests per endpoint, random targets, one at a time"
"$bin/xcheck-coordinator-bench" reads --url "$url" --token-file "$state/secrets/read-token" \
    --first-target "$first_target" --last-target "$last_target" --count "$READS" --history-hours 24,168 | tee -a "$results"

echo "== plans of the read queries for target $first_target (EXPLAIN ANALYZE)"
psql_ <<SQL | grep -E "Execution Time|Planning Time|Sort Method|Index Scan|Seq Scan|Append|Limit" | sed 's/^ */   /' | head -40
EXPLAIN (ANALYZE, BUFFERS) SELECT r.result_id::text, extract(epoch from r.started_at)::float8, r.document::text, r.confirmation::text,
       a.name, a.region, a.network
FROM results r JOIN agents a ON a.id = r.agent_id
WHERE r.target_id = $first_target AND r.started_at >= now() - interval '24 hours'
  AND (r.started_at, r.result_id) > (to_timestamp(-1), '00000000-0000-0000-0000-000000000000'::uuid)
ORDER BY r.started_at, r.result_id LIMIT 101;
EXPLAIN (ANALYZE, BUFFERS) SELECT DISTINCT ON (r.agent_id) r.result_id::text, extract(epoch from r.started_at)::float8,
       r.document::text, r.confirmation::text, a.name, a.region, a.network
FROM results r JOIN agents a ON a.id = r.agent_id
WHERE r.target_id = $first_target AND r.started_at > now() - make_interval(secs => 1800)
ORDER BY r.agent_id, r.started_at DESC;
SQL

awk '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {print "rss-after-load rss_kb=" r " hwm_kb=" h}' "/proc/$coordinator_pid/status" \
    | tee -a "$results"
if grep -qiE 'error|critical' "$state/coordinator.err"; then
    echo "== the coordinator logged errors (first 20 lines):" >&2
    grep -iE 'error|critical' "$state/coordinator.err" | head -n 20 >&2
fi

python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if not parts:
        continue
    kv = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    rows.setdefault(parts[0], []).append(kv)
def med(kind, key): return statistics.median(float(r[key]) for r in rows[kind])
def mb(kb): return kb / 1024
n = int(rows["ingest"][0]["results"])
print()
print(f"| ingest of {n:,} results | runs | median wall (s) | median results/s | coordinator CPU (s) | PostgreSQL CPU (s) | server CPU per 1,000 results (ms) |")
print("|---|---|---|---|---|---|---|")
for kind, label in (("ingest", "HTTP, 10 agents x batches of 100"), ("copy", "`\\copy` of the same rows")):
    wall = med(kind, "wall_s")
    coord = med(kind, "coordinator_cpu_s") if kind == "ingest" else 0.0
    pg = med(kind, "pg_cpu_s")
    print(f"| {label} | {len(rows[kind])} | {wall:.2f} | {n / wall:,.0f} | {coord:.2f} | {pg:.2f} | {(coord + pg) * 1e6 / n:.1f} |")
ratios = [float(i["results_per_s"]) / float(c["results_per_s"]) for i, c in zip(rows["ingest"], rows["copy"])]
print()
print(f"ingest/COPY throughput: median of per-run ratios {statistics.median(ratios) * 100:.0f}% "
      f"(runs: {', '.join(f'{r * 100:.0f}%' for r in ratios)}); batch POST latency p50 {med('ingest', 'batch_p50_ms'):.1f} ms, "
      f"p99 {med('ingest', 'batch_p99_ms'):.1f} ms; request body {rows['ingest'][0]['body_bytes_per_result']} bytes per result; "
      f"benchmark client CPU {med('ingest', 'client_cpu_s'):.2f} s per run")
f = rows["fanout"][0]
print()
print(f"| fan-out, {f['checks']} checks, {f['agents']} agents | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |")
print("|---|---|---|---|---|")
for key, label in (("overhead", "overhead (answer minus slowest agent)"), ("answer", "POST /v1/checks answer"), ("slowest_agent", "slowest agent's handling")):
    print(f"| {label} | {float(f[key + '_p50_ms']):.1f} | {float(f[key + '_p90_ms']):.1f} | {float(f[key + '_p99_ms']):.1f} | {float(f[key + '_max_ms']):.1f} |")
t = rows["table"][0]
print()
print(f"results table: {int(t['rows']):,} rows in {t['partitions']} partitions; heap+TOAST {int(t['heap_bytes']) / 2**30:.2f} GiB, "
      f"indexes {int(t['index_bytes']) / 2**30:.2f} GiB, total {int(t['total_bytes']) / 2**30:.2f} GiB; fill {t['fill_s']} s, VACUUM ANALYZE {t['vacuum_s']} s")
print()
print("| read (random target) | requests | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | mean body (bytes) |")
print("|---|---|---|---|---|---|---|")
for r in rows["reads"]:
    print(f"| {r['endpoint']} | {r['requests']} | {float(r['latency_p50_ms']):.2f} | {float(r['latency_p90_ms']):.2f} | "
          f"{float(r['latency_p99_ms']):.2f} | {float(r['latency_max_ms']):.2f} | {r['mean_body_bytes']} |")
print()
idle = rows["rss-idle"]
after = rows["rss-after-load"][0]
print("| coordinator | VmRSS (MB) | VmHWM (MB) |")
print("|---|---|---|")
print(f"| idle, 15 s after start (median of {len(idle)}) | {mb(statistics.median(float(r['rss_kb']) for r in idle)):.1f} | {mb(statistics.median(float(r['hwm_kb']) for r in idle)):.1f} |")
print(f"| after the whole benchmark | {mb(float(after['rss_kb'])):.1f} | {mb(float(after['hwm_kb'])):.1f} |")
PY
