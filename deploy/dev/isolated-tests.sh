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
dnsmasq_pid=""
cleanup() {
    [ -n "$dnsmasq_pid" ] && kill "$dnsmasq_pid" 2>/dev/null || true
    rm -rf "$state"
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

export XCHECK_TEST_ISOLATED=1
status=0
swift test --skip-build "$@" || status=$?
kill "$blackhole_pid" 2>/dev/null || true
exit $status
