#!/usr/bin/env bash
# Runs inside `unshare --net --mount` (see test.sh). Brings up loopback, checks that there is no route out,
# gives the namespace its own resolver and hosts file, then runs the tests.
set -euo pipefail
cd "$(dirname "$0")/../.."

ip link set lo up
# Safety: this namespace must have nothing but loopback.
if ip -o link show | grep -v ': lo:' | grep -q .; then
    echo "isolated-tests.sh: unexpected network interface in the test namespace" >&2
    exit 1
fi
if [ -n "$(ip route show default)" ] || [ -n "$(ip -6 route show default)" ]; then
    echo "isolated-tests.sh: the test namespace has a default route" >&2
    exit 1
fi

state=$(mktemp -d /tmp/xcheck-tests.XXXXXX)
chmod 755 "$state"
dnsmasq_pid=""
pg_started=""
cleanup() {
    [ -n "$dnsmasq_pid" ] && kill "$dnsmasq_pid" 2>/dev/null || true
    if [ -n "$pg_started" ]; then
        as_postgres "$XCHECK_TEST_PGBIN/pg_ctl" -D "$XCHECK_TEST_PGCTL_DATA" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$state"
}

# A throwaway PostgreSQL cluster for the tests, on 127.0.0.1 inside this namespace (and a socket in $state).
# PostgreSQL refuses to run as root, so its files belong to the postgres user.
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
start_postgres() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$bin/initdb" ] || { echo "isolated-tests.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
    export XCHECK_TEST_PGBIN=$bin
    export XCHECK_TEST_PGCTL_DATA=$state/pg/data
    mkdir -p "$state/pg"
    [ "$(id -u)" -eq 0 ] && chown postgres "$state/pg"
    as_postgres "$bin/initdb" -D "$XCHECK_TEST_PGCTL_DATA" -U xcheck --auth=trust -E UTF8 --locale=C >"$state/pg/initdb.log" 2>&1 \
        || { cat "$state/pg/initdb.log" >&2; exit 1; }
    as_postgres "$bin/pg_ctl" -D "$XCHECK_TEST_PGCTL_DATA" -w -l "$state/pg/server.log" \
        -o "-p 55432 -k $state/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off" \
        start >/dev/null || { cat "$state/pg/server.log" >&2; exit 1; }
    pg_started=1
    export XCHECK_TEST_DATABASE_URL="postgres://xcheck@127.0.0.1:55432/postgres"
}
trap cleanup EXIT INT TERM

# A private resolver: NXDOMAIN for *.invalid, names under .test for the tests, a zone whose upstream
# never answers (a DNS timeout), and REFUSED/SERVFAIL for failing.test. Only this namespace sees it.
python3 - "$state/blackhole.port" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
s.settimeout(600)
try:
    while True:
        s.recvfrom(4096)  # read and never answer: the upstream of slow.test
except Exception:
    pass
PY
blackhole_pid=$!
for _ in $(seq 50); do [ -s "$state/blackhole.port" ] && break; sleep 0.1; done
blackhole_port=$(cat "$state/blackhole.port")

cat >"$state/hosts" <<HOSTS
127.0.0.1 localhost
::1 localhost ip6-localhost
HOSTS
cat >"$state/resolv.conf" <<RESOLV
nameserver 127.0.0.1
options timeout:5 attempts:2
RESOLV
mount --bind "$state/hosts" /etc/hosts
mount --bind "$state/resolv.conf" /etc/resolv.conf

dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --listen-address=127.0.0.1 --bind-interfaces \
    --port=53 --pid-file="$state/dnsmasq.pid" --user=root \
    --address=/invalid/ \
    --host-record=panel.test,127.0.0.1 \
    --host-record=panel6.test,::1 \
    --host-record=private.test,127.0.0.1 \
    --server=/slow.test/127.0.0.1#"$blackhole_port" \
    --server=/failing.test/127.0.0.1#9 \
    --log-facility=- >"$state/dnsmasq.log" 2>&1 &
dnsmasq_pid=$!
for _ in $(seq 50); do getent hosts panel.test >/dev/null 2>&1 && break; sleep 0.1; done
getent hosts panel.test >/dev/null || { echo "isolated-tests.sh: the test resolver did not start" >&2; cat "$state/dnsmasq.log" >&2; exit 1; }

start_postgres
export XCHECK_TEST_ISOLATED=1
export XCHECK_TEST_PGCTL_LOG=$state/pg/server.log
SERVER_RESTART_TESTS=(databaseStopsAndStarts ServerRestartTests)
status=0
swift test --skip-build "$@" || status=$?
# Tests that stop and start the shared PostgreSQL server run alone, in a second pass: in the first they would
# break every test running beside them (suites of all targets run in parallel in one process).
if [ "$#" -eq 0 ]; then
    echo "== server-restart tests (run alone)"
    # One at a time: suites of different targets would run in parallel and stop the server under each other.
    for filter in "${SERVER_RESTART_TESTS[@]}"; do
        XCHECK_TEST_SERVER_RESTARTS=1 swift test --skip-build --filter "$filter" || status=$?
    done
    echo "== deployment files (deploy/dev/check-deploy.sh)"
    bash deploy/dev/check-deploy.sh || status=$?
    echo "== the multi-region lab (deploy/lab/lab.sh run all, with the binaries just built)"
    XCHECK_LAB_BIN="$(swift build --show-bin-path)" bash deploy/lab/lab.sh run all || status=$?
fi
kill "$blackhole_pid" 2>/dev/null || true
exit $status
