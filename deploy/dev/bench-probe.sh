#!/usr/bin/env bash
# Probe benchmark (issue: 2,000 login checks at concurrency 200), side by side with curl in one run.
#
# Server: nginx (Debian's nginx-light) on 127.0.0.1 serving a static player_api.php login answer (779 bytes,
# an active XC v2 account), the fast reference server of ../shared/notes/benchmarks.md, so that neither
# client is limited by the server. Clients, alternated RUNS times each:
#   xcheck: xcheck-bench, the probe engine (fresh connection per check, full login classification),
#           politeness "unthrottled" (no per-host limit or spacing: all 2,000 checks hit one host);
#   curl:   curl --parallel --parallel-max 200 with "Connection: close", so it too opens a fresh connection
#           for every request (curl reuses connections otherwise).
# Then the peak RSS of one `xcheck probe` (release build, static Swift runtime) beside one curl request.
# Prints medians and ratios. Everything stays on loopback; nginx is stopped by PID at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/dev/lib.sh
xcheck_ensure_swift
xcheck_ensure_packages "${XCHECK_PACKAGES[@]}" nginx-light curl time python3

RUNS=${RUNS:-5}
COUNT=${COUNT:-2000}
CONCURRENCY=${CONCURRENCY:-200}
PORT=${PORT:-18480}

echo "== building (release, static Swift runtime)"
swift build -c release --static-swift-stdlib --product xcheck-bench >/dev/null
swift build -c release --static-swift-stdlib --product xcheck >/dev/null
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)

state=$(mktemp -d /tmp/xcheck-bench.XXXXXX)
nginx_pid=""
cleanup() {
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
    rm -rf "$state"
}
trap cleanup EXIT INT TERM

mkdir -p "$state/www" "$state/tmp"
chmod 755 "$state" "$state/www"  # nginx workers run as an unprivileged user
now=$(date +%s)
cat >"$state/www/player_api.php" <<JSON
{"user_info":{"username":"active","password":"secret","message":"","auth":1,"status":"Active","exp_date":"$((now + 30 * 86400))","is_trial":"0","active_cons":"0","created_at":"$((now - 86400))","max_connections":"2","allowed_output_formats":["m3u8","ts"]},"server_info":{"url":"127.0.0.1","port":"$PORT","https_port":"","server_protocol":"http","rtmp_port":"25462","timezone":"Europe\/London","timestamp_now":$now,"time_now":"2026-01-01 00:00:00","process":true}}
JSON
cat >"$state/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $state/nginx.pid;
error_log $state/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $state/tmp;
    proxy_temp_path $state/tmp;
    fastcgi_temp_path $state/tmp;
    uwsgi_temp_path $state/tmp;
    scgi_temp_path $state/tmp;
    default_type application/json;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$PORT backlog=4096;
        root $state/www;
        location / { try_files \$uri =404; }
    }
}
CONF
nginx -c "$state/nginx.conf" -p "$state" &
nginx_pid=$!
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/player_api.php" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/player_api.php" || { echo "nginx did not serve the login answer" >&2; cat "$state/error.log" >&2; exit 1; }

url="http://127.0.0.1:$PORT/player_api.php?username=active&password=secret"
for _ in $(seq "$COUNT"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$state/curl.cfg"

results="$state/results.txt"
: >"$results"
echo "== $RUNS alternating runs of $COUNT checks at concurrency $CONCURRENCY"
for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "xcheck %e %U %S %M" -a -o "$results" \
        "$bin/xcheck-bench" --url "http://127.0.0.1:$PORT" --count "$COUNT" --concurrency "$CONCURRENCY" \
        --politeness unthrottled | tee -a "$state/bench.log"
    /usr/bin/time -f "curl %e %U %S %M" -a -o "$results" \
        curl --silent --no-progress-meter --parallel --parallel-max "$CONCURRENCY" -H "Connection: close" -K "$state/curl.cfg"
done
if grep -v "outcomes=ok=$COUNT\$" "$state/bench.log" | grep -q .; then
    echo "some xcheck checks did not end ok:" >&2
    cat "$state/bench.log" >&2
    exit 1
fi

echo "== peak RSS of one check: xcheck probe vs curl ($RUNS runs each)"
for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "rss-xcheck %e %U %S %M" -a -o "$results" \
        "$bin/xcheck" probe "http://127.0.0.1:$PORT" -u active -p secret --no-port-checks >/dev/null || true
    /usr/bin/time -f "rss-curl %e %U %S %M" -a -o "$results" \
        curl --silent -o /dev/null "$url"
done

python3 - "$results" "$COUNT" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 5 and parts[0] in ("xcheck", "curl", "rss-xcheck", "rss-curl"):
        rows.setdefault(parts[0], []).append([float(x) for x in parts[1:]])
count = int(sys.argv[2])
def med(name, i): return statistics.median(r[i] for r in rows[name])
print()
print("| client | median wall (s) | checks/s | median CPU user+sys (s) | CPU per check (ms) | median peak RSS (MB) |")
print("|---|---|---|---|---|---|")
for name in ("xcheck", "curl"):
    wall = med(name, 0)
    cpu = statistics.median(r[1] + r[2] for r in rows[name])
    print(f"| {name} | {wall:.2f} | {count / wall:.0f} | {cpu:.2f} | {cpu * 1000 / count:.3f} | {med(name, 3) / 1024:.1f} |")
wx, wc = med("xcheck", 0), med("curl", 0)
cx = statistics.median(r[1] + r[2] for r in rows["xcheck"])
cc = statistics.median(r[1] + r[2] for r in rows["curl"])
print()
print(f"throughput xcheck/curl: {wc / wx:.2f}x   CPU per check xcheck/curl: {cx / cc:.2f}x")
print()
print("| one check | median peak RSS (MB) |")
print("|---|---|")
for name in ("rss-xcheck", "rss-curl"):
    print(f"| {name[4:]} | {med(name, 3) / 1024:.1f} |")
PY
