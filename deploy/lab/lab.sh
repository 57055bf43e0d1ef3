#!/usr/bin/env bash
# The multi-region lab (issue 6): real network namespaces on one machine, real packets dropped, reset and
# rewritten, and `xcheck check` telling the cases apart.
#
#   deploy/lab/lab.sh run [SCENARIO...|all]  brings a lab up, runs the scenarios (default: all), asserts each
#                                            verdict from `xcheck check --json`, tears the lab down; ends
#                                            with "N passed, N failed". Uses the lab of `up` when one is up.
#   deploy/lab/lab.sh demo                   a handful of scenarios, each verdict table after a line saying
#                                            which fault was injected
#   deploy/lab/lab.sh up | down              a lab that stays up between commands (state in $XCHECK_LAB_STATE,
#                                            default /tmp/xcheck-lab) | tear it down
#   deploy/lab/lab.sh exec HOST CMD...       runs CMD on a host of the lab that is up (xcheck, xcheck-agent...
#                                            are on PATH; XCHECK_COORDINATOR and XCHECK_TOKEN are set)
#   deploy/lab/lab.sh list                   the scenarios
# Environment: XCHECK_LAB_BIN=DIR uses these binaries instead of building (swift build -c release).
#
# Needs root (namespaces, a bridge, nftables) and installs what is missing with apt-get (nftables,
# dnsmasq-base, iproute2, util-linux, openssl, python3).
#
# Safety. The orchestrator runs in `unshare --net --mount`: a network namespace of its own that has nothing
# but loopback and no route, and a private mount namespace. Inside it, a tmpfs is mounted on /run, so
# `ip netns add` keeps the lab's namespaces in that tmpfs (the machine's /run is never touched and
# `ip netns list` outside shows nothing). Every lab host is such a namespace, joined to a bridge that
# lives in the orchestrator's namespace; addresses are 10.77.0.0/24 and exist only there; no namespace has a
# default route. Nothing in the machine's own namespace ever talks to a lab address. Each host command runs
# through `ip netns exec HOST unshare --mount` with the host's own resolv.conf and hosts bind-mounted on
# /etc (ip netns exec would take them from /etc/netns/HOST, but that directory is not ours to create), and
# the lab CA bind-mounted on the system CA bundle. The lab's files (the coordinator's PostgreSQL cluster,
# logs, secrets) live on a tmpfs mounted in the lab's mount namespace only; the registry of processes (and the
# keeper of a lab that is `up`) sits beside it on disk. Every process is started here, recorded by PID and
# start time, and stopped by PID (SIGTERM, then SIGKILL after a bounded wait) on exit, failure or Ctrl-C.
#
# Topology (bridge lab0):
#   infra  10.77.0.2 the lab's resolver (dnsmasq: *.panel.lab.test -> 10.77.0.10)
#          10.77.0.3 an ISP resolver that poisons *.panel.lab.test (-> 10.77.0.66, where nobody answers)
#          10.77.0.4 an ISP resolver that answers NXDOMAIN for *.panel.lab.test
#          10.77.0.5 an ISP block page server (xcheck-panel-sim --mode html on port 80)
#   panel  10.77.0.10 xcheck-panel-sim: http on 8080, https on 443 (a lab CA; advertised as https_port)
#   coord  10.77.0.20 xcheck-coordinator on 8480 with its embedded PostgreSQL
#   eu, us, asia  10.77.0.31-33 one xcheck-agent each (agents eu-1, us-1, asia-1; networks net-eu...)
#   user   10.77.0.40 where `xcheck check` runs (the local vantage)
# The panel simulator binds loopback only; in the panel namespace a DNAT rule sends 10.77.0.10:8080 and :443
# to 127.0.0.1 (with net.ipv4.conf.*.route_localnet=1 in that namespace only), so the simulator is used
# unchanged. Faults are nftables rules in the faulty host's own namespace (its "ISP"), or its resolv.conf.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$LAB_DIR/../.." && pwd)
SELF=$LAB_DIR/lab.sh
PERSISTENT_STATE=${XCHECK_LAB_STATE:-/tmp/xcheck-lab}

NET=10.77.0
RESOLVER=$NET.2
POISON_RESOLVER=$NET.3
NX_RESOLVER=$NET.4
BLOCKPAGE=$NET.5
PANEL=$NET.10
COORD=$NET.20
SINKHOLE=$NET.66
PANEL_PORT=8080
PANEL_TLS_PORT=443
COORD_PORT=8480
DOMAIN=panel.lab.test
COORD_URL=http://$COORD:$COORD_PORT
RECEIVER_PORT=9099
HOSTS=(infra panel coord eu us asia user)
REGIONS=(eu us asia)
CLIENTS=(user eu us asia)
declare -A HOST_ADDRS=(
    [infra]="$RESOLVER $POISON_RESOLVER $NX_RESOLVER $BLOCKPAGE"
    [panel]=$PANEL [coord]=$COORD [eu]=$NET.31 [us]=$NET.32 [asia]=$NET.33 [user]=$NET.40
)
# How long `xcheck check` waits for the agents: a dropped connection costs an agent 10 s (its connect
# limit), 3 s before the confirming attempt, and 10 s again.
LAB_WAIT=${XCHECK_LAB_WAIT:-45}

# ---------------------------------------------------------------------------------------------------------
# Small helpers

say() { printf '%s\n' "$*"; }
die() { printf 'lab.sh: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }

usage() {
    sed -n '2,/^set -euo/p' "$SELF" | sed -e '$d' -e 's/^# \{0,1\}//'
}

# The start time of a process (field 22 of /proc/PID/stat), to never signal a recycled PID.
start_time() {
    local stat
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    stat=${stat##*) }
    # shellcheck disable=SC2086 # split on purpose: the fields after the command name
    set -- $stat
    printf '%s' "${20}"
}

# True while PID runs and is the process recorded with start time START (a zombie counts as gone).
alive() {
    local stat start=$2
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    [ "$1" != Z ] && [ "${20}" = "$start" ]
}

# ---------------------------------------------------------------------------------------------------------
# Outside the lab: root, packages, binaries

need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        cat >&2 <<EOF
lab.sh needs root: it creates network namespaces (ip netns), a bridge, veth pairs and nftables rules, all
inside a private network namespace made with 'unshare --net --mount' (which itself needs root, or
CAP_SYS_ADMIN and CAP_NET_ADMIN). It may also install missing Debian packages (apt-get).
Run: sudo $0 ${*:-demo}
EOF
        exit 1
    fi
    unshare --net --mount true 2>/dev/null \
        || die "this machine does not allow 'unshare --net --mount' (a container without CAP_SYS_ADMIN?): the lab cannot run here"
}

ensure_packages() {
    # shellcheck source=../dev/lib.sh
    . "$ROOT/deploy/dev/lib.sh"
    local wanted=(nftables dnsmasq-base iproute2 util-linux openssl)
    command -v python3 >/dev/null 2>&1 || wanted+=(python3)
    [ -n "${XCHECK_LAB_BIN:-}" ] || xcheck_ensure_swift
    wanted+=("${XCHECK_PACKAGES[@]}") # postgresql for the coordinator's embedded cluster, among others
    xcheck_ensure_packages "${wanted[@]}"
}

# Builds the four release products (one per command, retrying while another SwiftPM holds .build) and sets BIN.
build() {
    if [ -n "${XCHECK_LAB_BIN:-}" ]; then
        BIN=$XCHECK_LAB_BIN
    else
        say "== building (release)"
        local product try log
        log=$(mktemp)
        for product in xcheck xcheck-panel-sim xcheck-coordinator xcheck-agent; do
            for try in $(seq 60); do
                if (cd "$ROOT" && swift build -c release --product "$product") >"$log" 2>&1; then break; fi
                if grep -qi 'another instance of swiftpm\|already running' "$log" && [ "$try" -lt 60 ]; then
                    sleep 5
                    continue
                fi
                cat "$log" >&2
                rm -f "$log"
                die "building $product failed"
            done
        done
        rm -f "$log"
        BIN=$(cd "$ROOT" && swift build -c release --show-bin-path)
    fi
    local product
    for product in xcheck xcheck-panel-sim xcheck-coordinator xcheck-agent; do
        [ -x "$BIN/$product" ] || die "$BIN/$product is missing"
    done
    export BIN
}

# The keeper of a lab that is up: a process holding the orchestrator's namespaces. Prints its PID.
keeper_pid() {
    local pid start
    [ -r "$PERSISTENT_STATE/keeper" ] || return 1
    read -r pid start <"$PERSISTENT_STATE/keeper" || return 1
    alive "$pid" "$start" || return 1
    printf '%s' "$pid"
}

enter_lab() {
    local keeper=$1
    shift
    exec nsenter --target "$keeper" --net --mount -- bash "$SELF" __inside "$@"
}

outside() {
    local command=$1
    shift
    case $command in
        list)
            list_scenarios
            return
            ;;
        help | -h | --help)
            usage
            return
            ;;
        up | down | run | demo | exec) ;;
        *)
            usage >&2
            exit 2
            ;;
    esac
    need_root "$command" "$@"
    local keeper=""
    keeper=$(keeper_pid) || keeper=""
    case $command in
        up)
            [ -z "$keeper" ] || die "a lab is already up (state in $PERSISTENT_STATE); 'lab.sh down' first"
            [ ! -e "$PERSISTENT_STATE" ] || die "$PERSISTENT_STATE exists but no lab runs there: 'lab.sh down' cleans it up"
            ensure_packages
            build
            exec unshare --net --mount --propagation private -- bash "$SELF" __inside fresh up
            ;;
        down)
            if [ -n "$keeper" ]; then enter_lab "$keeper" attached down; fi
            # No keeper: stop whatever the registry still names, from here (signals need no namespace).
            [ -e "$PERSISTENT_STATE" ] || { say "no lab is up"; return; }
            DIR=$PERSISTENT_STATE
            stop_all
            rm -rf "$PERSISTENT_STATE"
            say "lab state removed"
            ;;
        exec)
            [ -n "$keeper" ] || die "no lab is up: 'lab.sh up' first"
            enter_lab "$keeper" attached exec "$@"
            ;;
        run | demo)
            if [ "$command" = run ] && [ "$#" -gt 0 ]; then check_scenario_names "$@"; fi
            if [ -n "$keeper" ]; then
                say "== using the lab that is up ($PERSISTENT_STATE)"
                enter_lab "$keeper" attached "$command" "$@"
            fi
            ensure_packages
            build
            exec unshare --net --mount --propagation private -- bash "$SELF" __inside fresh "$command" "$@"
            ;;
    esac
}

# ---------------------------------------------------------------------------------------------------------
# Inside the orchestrator's namespaces

# The orchestrator's namespace must be new: loopback only, no route.
check_isolated() {
    ip link set lo up
    if ip -o link show | grep -v ': lo:' | grep -q .; then
        die "unexpected network interface in the orchestrator's namespace: refusing to build the lab"
    fi
    if [ -n "$(ip route show)" ] || ip -6 route show | grep -qv '^\(::1\|fe80\)'; then
        die "the orchestrator's namespace has routes: refusing to build the lab"
    fi
}

# Private mounts: nothing mounted here is seen outside; /run becomes a tmpfs for `ip netns`.
private_mounts() {
    mount --make-rprivate /
    local resolv
    resolv=$(readlink -m /etc/resolv.conf)
    mount -t tmpfs -o mode=0755,size=16m lab-run /run
    # resolv.conf may be a symlink into /run (systemd-resolved): give the bind mounts a target in our /run.
    if [ ! -e "$resolv" ]; then
        case $resolv in
            /run/*) mkdir -p "$(dirname "$resolv")" && : >"$resolv" ;;
            *) die "/etc/resolv.conf points to $resolv, which does not exist" ;;
        esac
    fi
}

# The command prefix that runs something on a lab host, in array HX (see the header: per-host /etc files).
# shellcheck disable=SC2016 # $1 and $2 belong to the inner shell
HOST_PRELUDE='mount --bind "$1/resolv.conf" /etc/resolv.conf && mount --bind "$1/hosts" /etc/hosts || exit 97
if [ -e /etc/ssl/certs/ca-certificates.crt ]; then mount --bind "$2" /etc/ssl/certs/ca-certificates.crt || exit 97; fi
shift 2
exec "$@"'
hx_prefix() {
    HX=(ip netns exec "$1" unshare --mount --propagation private -- bash -c "$HOST_PRELUDE" lab-host
        "$STATE/etc/$1" "$STATE/tls/ca.pem")
}

# on HOST CMD...: runs CMD on HOST in the foreground (for at most TRY_LIMIT seconds when that is set).
on() {
    local HX
    hx_prefix "$1"
    shift
    if [ -n "${TRY_LIMIT:-}" ]; then
        timeout --foreground "$TRY_LIMIT" "${HX[@]}" "$@"
    else
        "${HX[@]}" "$@"
    fi
}

# start NAME HOST CMD...: starts CMD on HOST in the background (its own session, so a Ctrl-C reaches only
# the orchestrator, which stops it), output in $STATE/log/NAME.{out,err}; records PID and start time.
start() {
    local name=$1 host=$2 HX pid
    shift 2
    hx_prefix "$host"
    "${HX[@]}" setsid "$@" </dev/null >"$STATE/log/$name.out" 2>"$STATE/log/$name.err" &
    pid=$!
    printf '%s %s %s\n' "$name" "$pid" "$(start_time "$pid")" >>"$DIR/pids"
}

# stop NAME...: SIGTERM (or the signal recorded with it) to each, by its recorded PID; a bounded wait
# (STOP_TENTHS tenths of a second, default 100), then SIGKILL.
stop() {
    local name line pid start signal victims=() i victim left
    for name in "$@"; do
        line=$(grep "^$name " "$DIR/pids" 2>/dev/null | tail -n 1) || continue
        read -r _ pid start signal <<<"$line"
        if alive "$pid" "$start"; then
            kill "-${signal:-TERM}" "$pid" 2>/dev/null || true
            victims+=("$pid $start")
        fi
        grep -v "^$name " "$DIR/pids" >"$DIR/pids.new" || true
        mv "$DIR/pids.new" "$DIR/pids"
    done
    local rounds=$((2 * ${STOP_TENTHS:-100}))
    for i in $(seq "$rounds"); do
        left=0
        for victim in "${victims[@]}"; do
            # shellcheck disable=SC2086 # "PID START"
            if alive $victim; then left=1; fi
        done
        [ "$left" -eq 0 ] && break
        [ "$i" -eq "$rounds" ] || sleep 0.05
    done
    for victim in "${victims[@]}"; do
        # shellcheck disable=SC2086
        if alive $victim; then kill -KILL "${victim%% *}" 2>/dev/null || true; fi
        wait "${victim%% *}" 2>/dev/null || true
    done
}

running() {
    local line pid start
    line=$(grep "^$1 " "$DIR/pids" 2>/dev/null | tail -n 1) || return 1
    read -r _ pid start <<<"$line"
    alive "$pid" "$start"
}

# Stops every recorded process, all at once. The coordinator's graceful shutdown waits for the agents'
# held polls (up to 25 s, even once the agents are gone), so after 1 s it is killed; its PostgreSQL
# postmaster, recorded once it ran, gets SIGQUIT (immediate shutdown: the cluster is thrown away).
stop_all() {
    [ -e "$DIR/pids" ] || return 0
    local names
    names=$(awk '$1 != "keeper" { print $1 }' "$DIR/pids")
    # shellcheck disable=SC2086
    STOP_TENTHS=10 stop $names
    stop keeper
}

# wait_for WHAT TENTHS CMD...: retries CMD (each try limited to 3 s) every 0.1 s for at most TENTHS tenths
# of a second. CMD is a command or one of this script's functions.
wait_for() {
    local what=$1 limit=$(($2 * 100)) started
    shift 2
    started=$(now_ms)
    while :; do
        if TRY_LIMIT=3 "$@" >/dev/null 2>&1; then return 0; fi
        [ $(($(now_ms) - started)) -lt "$limit" ] || die "timed out waiting for $what"
        sleep 0.1
    done
}

# shellcheck disable=SC2317 # called through wait_for
log_has() { grep -q "$2" "$STATE/log/$1.out" 2>/dev/null; }

set_resolver() {
    printf 'nameserver %s\noptions timeout:2 attempts:2\n' "$2" >"$STATE/etc/$1/resolv.conf"
}

make_tls() {
    local dir=$STATE/tls
    mkdir -p "$dir"
    (
        cd "$dir"
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 \
            -subj "/CN=xcheck lab CA" -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign"
        openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout panel.key -out panel.csr \
            -subj "/CN=$DOMAIN"
        printf 'subjectAltName=DNS:%s,DNS:*.%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
            "$DOMAIN" "$DOMAIN" >panel.ext
        openssl x509 -req -in panel.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out panel.pem \
            -extfile panel.ext
    ) >"$STATE/log/openssl.log" 2>&1 || { cat "$STATE/log/openssl.log" >&2; die "openssl failed"; }
}

topology_up() {
    ip link add lab0 type bridge
    ip link set lab0 up
    local host address
    for host in "${HOSTS[@]}"; do
        ip netns add "$host"
        ip link add "v-$host" type veth peer name eth0 netns "$host"
        ip link set "v-$host" master lab0 up
        ip netns exec "$host" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        ip -n "$host" link set lo up
        for address in ${HOST_ADDRS[$host]}; do ip -n "$host" addr add "$address/24" dev eth0; done
        ip -n "$host" link set eth0 up
        mkdir -p "$STATE/etc/$host"
        printf '127.0.0.1 localhost\n' >"$STATE/etc/$host/hosts"
        set_resolver "$host" "$RESOLVER"
        if [ -n "$(ip -n "$host" route show default)" ]; then die "host $host has a default route"; fi
    done
    # The panel simulator and the block page server bind 127.0.0.1: publish them on the host's address.
    ip netns exec panel sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.eth0.route_localnet=1
    ip netns exec infra sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.eth0.route_localnet=1
    ip netns exec panel nft -f - <<EOF
table ip lab {
    chain prerouting {
        type nat hook prerouting priority dstnat; policy accept;
        ip daddr $PANEL tcp dport { $PANEL_PORT, $PANEL_TLS_PORT } dnat to 127.0.0.1
    }
}
EOF
    ip netns exec infra nft -f - <<EOF
table ip lab {
    chain prerouting {
        type nat hook prerouting priority dstnat; policy accept;
        ip daddr $BLOCKPAGE tcp dport 80 dnat to 127.0.0.1
    }
}
EOF
}

start_resolvers() {
    local common=(--keep-in-foreground --no-resolv --no-hosts --no-poll --bind-interfaces --port=53 --user=root
        --log-facility=- --log-queries --cache-size=0)
    # --local: answered here only (an AAAA query for a name with an IPv4 address gets NODATA, not REFUSED
    # for want of an upstream, which getaddrinfo may turn into a temporary failure).
    start dns-lab infra dnsmasq "${common[@]}" --listen-address="$RESOLVER" --pid-file="$STATE/run/dns-lab.pid" \
        --local=/lab.test/ --local="/$DOMAIN/" --address="/$DOMAIN/$PANEL" \
        --local=/coordinator.lab.test/ --address="/coordinator.lab.test/$COORD" \
        --local=/blockpage.lab.test/ --address="/blockpage.lab.test/$BLOCKPAGE"
    start dns-poison infra dnsmasq "${common[@]}" --listen-address="$POISON_RESOLVER" \
        --pid-file="$STATE/run/dns-poison.pid" --local="/$DOMAIN/" --address="/$DOMAIN/$SINKHOLE" --server="$RESOLVER"
    start dns-nxdomain infra dnsmasq "${common[@]}" --listen-address="$NX_RESOLVER" \
        --pid-file="$STATE/run/dns-nxdomain.pid" --address="/$DOMAIN/" --server="$RESOLVER"
}

# panel_start MODE [http|tls-only]: (re)starts the panel simulator.
panel_start() {
    local mode=$1 listeners=${2:-http}
    stop panel
    local args=(--tls-listen "127.0.0.1:$PANEL_TLS_PORT" --cert "$STATE/tls/panel.pem" --key "$STATE/tls/panel.key"
        --advertise-https-port "$PANEL_TLS_PORT" --mode "$mode")
    [ "$listeners" = tls-only ] || args=(--listen "127.0.0.1:$PANEL_PORT" --advertise-http-port "$PANEL_PORT" "${args[@]}")
    start panel panel "$BIN/xcheck-panel-sim" "${args[@]}"
    local want=2
    [ "$listeners" = tls-only ] && want=1
    for _ in $(seq 100); do
        [ "$(grep -c '^listening ' "$STATE/log/panel.out" 2>/dev/null)" -ge "$want" ] && break
        running panel || break
        sleep 0.05
    done
    [ "$(grep -c '^listening ' "$STATE/log/panel.out" 2>/dev/null)" -ge "$want" ] \
        || { cat "$STATE/log/panel.err" >&2; die "the panel simulator did not start"; }
    printf '%s %s\n' "$mode" "$listeners" >"$STATE/panel.mode"
}

agent_start() {
    local region=$1
    start "agent-$region" "$region" env XCHECK_CONFIG="$STATE/empty.conf" \
        XCHECK_AGENT_TOKEN="$(cat "$STATE/secrets/agent-$region")" "$BIN/xcheck-agent" \
        --coordinator "$COORD_URL" --spool-dir "$STATE/spool/$region" --allow-private-targets
}

# The CLI on the user host, talking to the lab's coordinator: `"${UX[@]}" ARGS...` after user_xcheck_prefix.
user_xcheck_prefix() {
    local HX
    hx_prefix user
    UX=("${HX[@]}" env XCHECK_CONFIG="$STATE/empty.conf" XCHECK_COORDINATOR="$COORD_URL"
        XCHECK_TOKEN="$(cat "$STATE/secrets/token")" "$BIN/xcheck")
}
# shellcheck disable=SC2317 # called through wait_for
user_xcheck() {
    local UX
    user_xcheck_prefix
    if [ -n "${TRY_LIMIT:-}" ]; then
        timeout --foreground "$TRY_LIMIT" "${UX[@]}" "$@"
    else
        "${UX[@]}" "$@"
    fi
}

# shellcheck disable=SC2317 # called through wait_for
agents_online() {
    local online
    online=$(user_xcheck agents --json 2>/dev/null | grep -c '"online" *: *true') || true
    [ "${online:-0}" -ge "$1" ]
}

# The coordinator's PostgreSQL postmaster, to stop it by PID should the coordinator not.
record_postmaster() {
    local pg
    { read -r pg <"$STATE/coordinator/postgres/pgdata/postmaster.pid"; } 2>/dev/null || return 0
    if [ -n "$pg" ] && grep -q "$STATE/coordinator" "/proc/$pg/cmdline" 2>/dev/null; then
        printf 'postgres %s %s QUIT\n' "$pg" "$(start_time "$pg")" >>"$DIR/pids"
    fi
}

# phase NAME: records how long the setup has taken so far (printed with "lab up").
phase() { PHASES+=("$1 $(($(now_ms) - LAB_T0))"); }

lab_up() {
    LAB_T0=$(now_ms)
    PHASES=()
    # Everything but the registry lives on a tmpfs that only the lab's namespaces see: PostgreSQL's fsyncs
    # cost nothing, removing it is instant, and it vanishes with the namespaces whatever happens.
    chmod 755 "$DIR" # the embedded PostgreSQL runs as the postgres user
    mkdir -p "$STATE"
    mount -t tmpfs -o mode=0755,size=1g xcheck-lab "$STATE"
    mkdir -p "$STATE"/{log,run,spool,secrets,results}
    chmod 700 "$STATE/secrets"
    : >"$DIR/pids"
    : >"$STATE/empty.conf"
    printf 'BIN=%q\n' "$BIN" >"$DIR/lab.env"
    make_tls # before any host command: each bind-mounts the lab CA
    topology_up
    phase topology
    # The coordinator first: its PostgreSQL cluster (initdb) takes longest; the rest starts meanwhile.
    # Alerts: confirmed after 2 evaluations with new results (no minimum time, so that the scenario needs
    # only a few runs of its target).
    start coordinator coord "$BIN/xcheck-coordinator" serve --listen "$COORD:$COORD_PORT" \
        --data-dir "$STATE/coordinator" --alert-confirmations 2 --alert-confirmation-seconds 0
    start_resolvers
    panel_start normal
    start blockpage infra "$BIN/xcheck-panel-sim" --listen 127.0.0.1:80 --mode html
    wait_for "the lab resolver" 50 on user getent hosts "$DOMAIN"
    phase panel
    wait_for "the coordinator (see $STATE/log/coordinator.err)" 300 log_has coordinator '^listening '
    record_postmaster
    phase coordinator
    # Enrolment beside the running coordinator (each command uses its server), all at once.
    local region enrolling=()
    for region in "${REGIONS[@]}"; do
        TRY_LIMIT=60 on coord "$BIN/xcheck-coordinator" agents add --name "$region-1" --region "$region" --network "net-$region" \
            --data-dir "$STATE/coordinator" >"$STATE/secrets/agent-$region.out" 2>"$STATE/log/enroll-$region.err" &
        enrolling+=($!)
    done
    TRY_LIMIT=60 on coord "$BIN/xcheck-coordinator" tokens add --name lab --scope admin --data-dir "$STATE/coordinator" \
        >"$STATE/secrets/token.out" 2>"$STATE/log/enroll-token.err" &
    enrolling+=($!)
    local pid failed=0
    for pid in "${enrolling[@]}"; do wait "$pid" || failed=1; done
    if [ "$failed" -ne 0 ]; then
        cat "$STATE"/log/enroll-*.err >&2
        die "enrolling the agents or creating the API token failed"
    fi
    for region in "${REGIONS[@]}"; do
        tail -n 1 "$STATE/secrets/agent-$region.out" >"$STATE/secrets/agent-$region"
        agent_start "$region"
    done
    tail -n 1 "$STATE/secrets/token.out" >"$STATE/secrets/token"
    rm -f "$STATE"/secrets/*.out
    phase enrolment
    wait_for "the block page server" 100 log_has blockpage '^listening '
    wait_for "three agents online (see $STATE/log/agent-*.err)" 200 agents_online 3
    phase agents
    say "== lab up in $(seconds $(($(now_ms) - LAB_T0))) s ($(timeline); state: $STATE)"
}

# The phases recorded so far: "topology at 0.20, ...".
timeline() {
    local text="" entry
    for entry in "${PHASES[@]}"; do text+="${text:+, }${entry% *} at $(seconds "${entry##* }")"; done
    printf '%s' "$text"
}

# seconds MS: milliseconds as seconds with two decimals.
seconds() { printf '%d.%02d' $(($1 / 1000)) $((($1 % 1000) / 10)); }

# lab_down [STATUS]: stops everything and removes the state; after a failure (STATUS not 0) the logs are
# kept in DIR.logs.
lab_down() {
    local status=${1:-0} host
    LAB_T0=$(now_ms)
    PHASES=()
    stop_all
    phase processes
    for host in "${HOSTS[@]}"; do ip netns del "$host" 2>/dev/null || true; done
    ip link del lab0 2>/dev/null || true
    phase namespaces
    if [ "$status" -ne 0 ] && [ -d "$STATE/log" ]; then
        rm -rf "$DIR.logs"
        cp -r "$STATE/log" "$DIR.logs"
        [ -d "$STATE/results" ] && cp -r "$STATE/results" "$DIR.logs/results"
        say "== the lab's logs: $DIR.logs"
    fi
    umount "$STATE" 2>/dev/null || umount -l "$STATE" 2>/dev/null || true
    rm -rf "$DIR"
    say "== lab down in $(seconds $(($(now_ms) - LAB_T0))) s ($(timeline))"
}

# ---------------------------------------------------------------------------------------------------------
# Faults. Client faults live in table `fault` of the client's namespace (its ISP), server faults in table
# `fault` of the panel's namespace; reset_faults removes them all.

# fault HOST KIND: KIND is drop, tcp-reset, icmp-host-unreachable, icmp-admin-prohibited, dpi-reset,
# block-page, first-connection-drop, dns-poison or dns-nxdomain.
fault() {
    local host=$1 kind=$2 match="ip daddr $PANEL tcp dport $PANEL_PORT"
    case $kind in
        drop) nft_fault "$host" "$match drop" ;;
        tcp-reset) nft_fault "$host" "$match tcp flags syn reject with tcp reset" ;;
        icmp-host-unreachable) nft_fault "$host" "$match reject with icmp type host-unreachable" ;;
        icmp-admin-prohibited) nft_fault "$host" "$match reject with icmp type admin-prohibited" ;;
        # DPI: the segment carrying the HTTP request ("GET " or "POST" at the start of the TCP payload) is
        # dropped and answered with a reset, so the client connected, sent its request, and got a RST.
        dpi-reset) nft_fault "$host" "$match @ih,0,32 { 0x47455420, 0x504f5354 } reject with tcp reset" ;;
        block-page)
            ip netns exec "$host" nft -f - <<EOF
table ip fault {
    chain output {
        type nat hook output priority -100; policy accept;
        $match dnat to $BLOCKPAGE:80
    }
}
EOF
            ;;
        # The first connection to the panel (every retransmission of its SYN: they share its source port)
        # is dropped; later connections pass. The first attempt times out, the confirmation gets through.
        first-connection-drop)
            ip netns exec "$host" nft -f - <<EOF
table ip fault {
    set doomed { type inet_service; flags dynamic,timeout; timeout 60s; }
    set seen { type ipv4_addr; flags dynamic; }
    chain output {
        type filter hook output priority filter; policy accept;
        $match tcp sport @doomed drop
        $match tcp flags syn ip daddr != @seen add @doomed { tcp sport } add @seen { ip daddr } drop
    }
}
EOF
            ;;
        dns-poison) set_resolver "$host" "$POISON_RESOLVER" ;;
        dns-nxdomain) set_resolver "$host" "$NX_RESOLVER" ;;
        *) die "unknown fault $kind" ;;
    esac
}

nft_fault() {
    ip netns exec "$1" nft -f - <<EOF
table ip fault {
    chain output {
        type filter hook output priority filter; policy accept;
        $2
    }
}
EOF
}

# The panel's host drops every packet to it (a dead host behind a router that still answers ARP).
panel_blackhole() {
    ip netns exec panel nft -f - <<EOF
table ip fault {
    chain prerouting {
        type filter hook prerouting priority raw; policy accept;
        ip daddr $PANEL drop
    }
}
EOF
}

reset_faults() {
    local host region
    for host in "${CLIENTS[@]}" panel; do
        ip netns exec "$host" nft delete table ip fault 2>/dev/null || true
        set_resolver "$host" "$RESOLVER"
    done
    if [ "$(cat "$STATE/panel.mode" 2>/dev/null)" != "normal http" ] || ! running panel; then panel_start normal; fi
    local started=0
    for region in "${REGIONS[@]}"; do
        if ! running "agent-$region"; then
            agent_start "$region"
            started=1
        fi
    done
    if [ "$started" -eq 1 ]; then wait_for "the agents to come back" 200 agents_online 3; fi
}

# ---------------------------------------------------------------------------------------------------------
# Scenarios

declare -A ABOUT=(
    [healthy]="no fault: the panel answers everywhere"
    [panel-stopped]="the panel simulator is stopped (nothing listens on the panel's port)"
    [port-closed]="the panel runs with its https listener only: port $PANEL_PORT is closed"
    [panel-5xx]="the panel answers 502 to everything"
    [panel-blackholed]="the panel's host drops every packet (connections time out everywhere)"
    [user-port-blocked]="the user's ISP silently drops port $PANEL_PORT to the panel; https on $PANEL_TLS_PORT is open"
    [user-tcp-reset]="the user's ISP answers connections to port $PANEL_PORT with a TCP reset"
    [user-icmp]="the user's ISP answers port $PANEL_PORT with ICMP host-unreachable"
    [user-nxdomain]="the user's ISP resolver answers NXDOMAIN for the panel's name"
    [region-drop]="the asia agent's network silently drops port $PANEL_PORT"
    [region-icmp]="the us agent's network answers port $PANEL_PORT with ICMP admin-prohibited"
    [region-tcp-reset]="the us agent's network answers port $PANEL_PORT with a TCP reset"
    [region-dns-poison]="the asia agent's resolver poisons the panel's name (-> $SINKHOLE)"
    [region-block-page]="the eu agent's network redirects port $PANEL_PORT to a block page (HTTP 200 HTML)"
    [region-dpi-reset]="the us agent's network resets the connection once the HTTP request is seen (DPI)"
    [account-wrong-password]="no network fault: the password is wrong"
    [account-expired]="no network fault: the subscription has expired"
    [account-banned]="no network fault: the line is banned"
    [account-max-connections]="no network fault: every connection of the line is in use"
    [one-agent-alive]="the eu and us agents are stopped: only asia-1 answers"
    [flaky-region]="the eu agent's network drops the first connection only (the confirmation gets through)"
    [monitored-alert]="a monitored target with a webhook alert; then the asia agent's network drops port $PANEL_PORT"
)
SCENARIOS=(healthy panel-stopped port-closed panel-5xx panel-blackholed user-port-blocked user-tcp-reset user-icmp
    user-nxdomain region-drop region-icmp region-tcp-reset region-dns-poison region-block-page region-dpi-reset
    account-wrong-password account-expired account-banned account-max-connections flaky-region one-agent-alive
    monitored-alert)
DEMO_SCENARIOS=(healthy panel-stopped user-port-blocked region-dns-poison region-block-page region-dpi-reset
    account-expired)

list_scenarios() {
    local name
    for name in "${SCENARIOS[@]}"; do printf '%-24s %s\n' "$name" "${ABOUT[$name]}"; done
}

check_scenario_names() {
    local name
    for name in "$@"; do
        [ "$name" = all ] || [ -n "${ABOUT[$name]:-}" ] || die "unknown scenario '$name' (lab.sh list)"
    done
}

# A new name under the panel's domain for every check: the coordinator reuses an identical check (same URL
# and login) for 30 s, and the agents space checks to one host; a fresh name makes every check a new one.
target() {
    printf 'http://%s-%s.%s:%s' "$1" "$(date +%s%3N | tail -c 7)" "$DOMAIN" "$PANEL_PORT"
}

PASSED=()
FAILED=()

# A Ctrl-C that the CLI caught (it exits 130): bash then skips its own INT trap, so stop here.
interrupted() {
    if [ "$1" -eq 130 ]; then exit 130; fi
}

# expect LABEL "XCHECK CHECK ARGS" EXPECTATION...: runs `xcheck check ARGS --json` on the user host and
# compares the verdict with the expectations (see expect.py). In demo mode, prints the verdict table instead.
expect() {
    local label=$1 check_args=$2
    shift 2
    local argv status=0 t0 took UX
    read -r -a argv <<<"$check_args"
    user_xcheck_prefix
    t0=$(now_ms)
    if [ "${LAB_DEMO:-0}" = 1 ]; then
        say "\$ xcheck check ${check_args/-p secret/-p '••••'}"
        timeout --foreground 120 "${UX[@]}" check "${argv[@]}" --wait "$LAB_WAIT" || status=$?
        interrupted "$status"
        say "(exit status $status)"
        return 0
    fi
    local out=$STATE/results/$label.json
    timeout --foreground 120 "${UX[@]}" check "${argv[@]}" --json --wait "$LAB_WAIT" >"$out" 2>"$STATE/results/$label.err" \
        || status=$?
    interrupted "$status"
    took=$(seconds $(($(now_ms) - t0)))
    local report
    if [ "$status" -le 1 ] && report=$(python3 "$LAB_DIR/expect.py" "$out" "$@"); then
        say "  PASS $label (${took} s): $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["verdict"], d.get("reason"), "|", ", ".join("%s %s%s" % (r["region"], r["verdict"], "/" + r["blocking"] if r.get("blocking") else "") for r in d["regions"]))' "$out")"
        PASSED+=("$label")
    else
        say "  FAIL $label (${took} s, exit status $status)"
        [ -n "${report:-}" ] && say "$report"
        [ "$status" -gt 1 ] && sed 's/^/    /' "$STATE/results/$label.err"
        FAILED+=("$label")
    fi
}

ALL_UP=(region.eu=up region.us=up region.asia=up)
NO_BLOCKING=(vantage.eu-1.blocking=null vantage.us-1.blocking=null vantage.asia-1.blocking=null)

scenario() {
    local name=$1 url
    url=$(target "$name")
    case $name in
        healthy)
            expect "$name" "$url -u active -p secret" verdict=up rule=works_from_your_network reason=ok \
                region.local=up "${ALL_UP[@]}" "${NO_BLOCKING[@]}" vantage.local.blocking=null networks=4
            ;;
        panel-stopped)
            stop panel
            expect "$name" "$url -u active -p secret" verdict=down_for_everyone rule=shared_failure \
                reason=connection_refused region.local=down region.eu=down region.us=down region.asia=down \
                "${NO_BLOCKING[@]}" vantage.local.blocking=null vantage.eu-1.confirmed=true
            ;;
        port-closed)
            panel_start normal tls-only
            expect "$name" "$url -u active -p secret" verdict=down_for_everyone rule=shared_failure \
                reason=connection_refused region.eu=down region.us=down region.asia=down "${NO_BLOCKING[@]}"
            ;;
        panel-5xx)
            panel_start error:502
            expect "$name" "$url -u active -p secret" verdict=down_for_everyone rule=shared_failure \
                reason=http_error region.local=down region.eu=down region.us=down region.asia=down \
                "${NO_BLOCKING[@]}" vantage.eu-1.http_status=502
            ;;
        panel-blackholed)
            panel_blackhole
            expect "$name" "$url -u active -p secret" verdict=down_for_everyone rule=shared_failure \
                reason=connection_timeout region.eu=down region.us=down region.asia=down "${NO_BLOCKING[@]}"
            ;;
        user-port-blocked)
            fault user drop
            expect "$name" "$url -u active -p secret" verdict=blocked_for_you rule=your_network_blocked \
                reason=connection_timeout vantage.local.blocking=tcp_ip vantage.local.confirmed=true \
                "${ALL_UP[@]}" "${NO_BLOCKING[@]}" alternative.https=ok/local "advice~use https://"
            ;;
        user-tcp-reset)
            fault user tcp-reset
            expect "$name" "$url -u active -p secret" verdict=blocked_for_you rule=your_network_blocked \
                reason=connection_refused vantage.local.blocking=tcp_ip "${ALL_UP[@]}" "${NO_BLOCKING[@]}"
            ;;
        user-icmp)
            fault user icmp-host-unreachable
            expect "$name" "$url -u active -p secret" verdict=blocked_for_you rule=your_network_blocked \
                vantage.local.blocking=tcp_ip "${ALL_UP[@]}" "${NO_BLOCKING[@]}"
            ;;
        user-nxdomain)
            fault user dns-nxdomain
            expect "$name" "$url -u active -p secret" verdict=blocked_for_you rule=your_network_blocked \
                reason=dns_nxdomain vantage.local.blocking=dns "${ALL_UP[@]}" "${NO_BLOCKING[@]}"
            ;;
        region-drop)
            fault asia drop
            # Without the local vantage, the regions decide; with it (healthy), the verdict is the user's.
            expect "$name" "$url -u active -p secret --no-local" verdict=blocked_in_some_regions \
                rule=regional_blocking reason=connection_timeout region.eu=up region.us=up region.asia=blocked \
                region.asia.blocking=tcp_ip vantage.asia-1.blocking=tcp_ip vantage.asia-1.confirmed=true \
                vantage.eu-1.blocking=null vantage.us-1.blocking=null
            expect "$name+local" "$url -u active -p secret" verdict=up rule=works_from_your_network \
                region.local=up region.eu=up region.us=up region.asia=blocked region.asia.blocking=tcp_ip \
                vantage.asia-1.blocking=tcp_ip
            ;;
        region-icmp)
            fault us icmp-admin-prohibited
            expect "$name" "$url -u active -p secret --no-local" verdict=blocked_in_some_regions \
                rule=regional_blocking region.eu=up region.us=blocked region.us.blocking=tcp_ip region.asia=up \
                vantage.us-1.blocking=tcp_ip
            ;;
        region-tcp-reset)
            fault us tcp-reset
            expect "$name" "$url -u active -p secret --no-local" verdict=blocked_in_some_regions \
                rule=regional_blocking reason=connection_refused region.eu=up region.us=blocked \
                region.us.blocking=tcp_ip region.asia=up vantage.us-1.blocking=tcp_ip
            ;;
        region-dns-poison)
            fault asia dns-poison
            expect "$name" "$url -u active -p secret --no-local" verdict=blocked_in_some_regions \
                rule=regional_blocking region.eu=up region.us=up region.asia=blocked region.asia.blocking=dns \
                vantage.asia-1.blocking=dns
            ;;
        region-block-page)
            fault eu block-page
            expect "$name" "$url -u active -p secret --no-local" verdict=blocked_in_some_regions \
                rule=regional_blocking reason=not_xtream region.eu=blocked region.eu.blocking=http_diff \
                region.us=up region.asia=up vantage.eu-1.blocking=http_diff
            ;;
        region-dpi-reset)
            fault us dpi-reset
            expect "$name" "$url -u active -p secret --no-local" verdict=blocked_in_some_regions \
                rule=regional_blocking reason=connection_reset region.eu=up region.us=blocked \
                region.us.blocking=http_failure region.asia=up vantage.us-1.blocking=http_failure \
                vantage.us-1.stage=http
            ;;
        account-wrong-password)
            expect "$name" "$url -u active -p wrong-password" verdict=account_problem rule=account_refused \
                reason=credentials_rejected region.local=account_problem region.eu=account_problem \
                region.us=account_problem region.asia=account_problem "${NO_BLOCKING[@]}"
            ;;
        account-expired)
            expect "$name" "$url -u expired -p secret" verdict=account_problem rule=account_refused \
                reason=account_expired region.local=account_problem region.eu=account_problem \
                region.us=account_problem region.asia=account_problem "${NO_BLOCKING[@]}"
            ;;
        account-banned)
            expect "$name" "$url -u banned -p secret" verdict=account_problem rule=account_refused \
                reason=account_banned region.eu=account_problem region.us=account_problem \
                region.asia=account_problem "${NO_BLOCKING[@]}"
            ;;
        account-max-connections)
            expect "$name" "$url -u maxed -p secret" verdict=account_problem rule=account_refused \
                reason=max_connections_reached region.eu=account_problem region.us=account_problem \
                region.asia=account_problem "${NO_BLOCKING[@]}"
            ;;
        one-agent-alive)
            stop agent-eu agent-us
            # The coordinator still counts the stopped agents as online (they were seen within 90 s): they
            # get jobs and are reported missing. A short --wait, as they will never answer.
            LAB_WAIT=8 expect "$name" "$url -u active -p secret --no-local" verdict=inconclusive \
                rule=too_few_networks reason=ok missing=eu-1,us-1 region.asia=up region.eu=inconclusive \
                region.us=inconclusive
            # The user's machine is a second network: enough for a verdict (docs/verdicts.md).
            LAB_WAIT=8 expect "$name+local" "$url -u active -p secret" verdict=up rule=works_from_your_network \
                region.asia=up missing=eu-1,us-1
            ;;
        flaky-region)
            fault eu first-connection-drop
            expect "$name" "$url -u active -p secret" verdict=up rule=works_from_your_network reason=ok \
                region.eu=up region.us=up region.asia=up vantage.eu-1.outcome=ok vantage.eu-1.confirmed=false \
                vantage.eu-1.attempts=2 vantage.eu-1.blocking=null
            ;;
        monitored-alert)
            monitored_alert "$name"
            ;;
        *) die "unknown scenario $name" ;;
    esac
}

# shellcheck disable=SC2317 # called through wait_for
target_results() {
    local count
    count=$(user_xcheck history "$1" --json 2>/dev/null \
        | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["results"]))') || return 1
    [ "${count:-0}" -ge "$2" ]
}

# What an operator relies on, on the real network: a monitored target with a webhook alert; the asia agent's
# network starts dropping the panel's port; after a few runs of the target (POST /v1/targets/{id}/run, at
# most every 30 s) exactly one alert names asia, and the status page shows the target blocked in some regions.
monitored_alert() {
    local name=$1 url id out=$STATE/results/alerts.jsonl problems="" run
    : >"$out"
    start receiver user python3 "$LAB_DIR/receiver.py" "${HOST_ADDRS[user]}" "$RECEIVER_PORT" "$out"
    wait_for "the webhook receiver" 50 log_has receiver '^listening '
    url=$(target "$name")
    id=$(user_xcheck targets add "$url" -u active -p secret --interval 3600 --name "lab panel" --public --json \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    printf 'http://%s:%s/hook\n' "${HOST_ADDRS[user]}" "$RECEIVER_PORT" \
        | user_xcheck alerts add webhook --target "$id" --url-stdin >/dev/null
    # The first run, now: the baseline, every region up. (A new target's first scheduled run is spread over
    # its interval.)
    user_xcheck targets run "$id" >/dev/null || problems+=" run-1-refused"
    wait_for "the first run's results" 600 target_results "$id" 3
    fault asia drop
    for run in 2 3 4 5; do
        sleep 31  # runs of one target are at least 30 s apart
        user_xcheck targets run "$id" >/dev/null || problems+=" run-$run-refused"
        for _ in $(seq 600); do  # the run's results (asia's connection time-out and its confirmation: ~25 s)
            target_results "$id" $((run * 3)) && break
            sleep 0.1
        done
        [ -s "$out" ] && break
    done
    sleep 2  # a second alert, were one to follow, would be sent at once
    local report
    if report=$(python3 - "$out" "$id" <<'PY'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
target = int(sys.argv[2])
problems = []
if len(events) != 1:
    problems.append("expected exactly one alert, got %d" % len(events))
for event in events[:1]:
    body = event["body"] or {}
    if event["event"] != "verdict_changed" or body.get("type") != "verdict_changed":
        problems.append("not a verdict_changed event: %s" % event)
    if (body.get("target") or {}).get("id") != target:
        problems.append("wrong target: %s" % body.get("target"))
    if (body.get("before") or {}).get("verdict") != "up":
        problems.append("before: %s" % body.get("before"))
    if (body.get("after") or {}).get("verdict") != "blocked_in_some_regions":
        problems.append("after: %s" % body.get("after"))
    if body.get("changes") != [{"region": "asia", "before": "up", "after": "blocked"}]:
        problems.append("changes: %s" % body.get("changes"))
    if "secret" in json.dumps(event):
        problems.append("the password appears in the alert")
print("; ".join(problems) if problems else "one alert: asia up -> blocked (%s)" % events[0]["body"].get("summary"))
sys.exit(1 if problems else 0)
PY
    ); then :; else problems+=" $report"; fi
    # The status page, as a browser on the user's machine would get it.
    local page
    page=$(on user curl -s --max-time 10 "$COORD_URL/") || problems+=" status-page-unreachable"
    grep -q 'lab panel' <<<"$page" || problems+=" status-page-without-the-target"
    grep -qi 'blocked in some regions' <<<"$page" || problems+=" status-page-not-blocked-in-some-regions"
    grep -q 'secret' <<<"$page" && problems+=" status-page-shows-the-password"
    stop receiver
    if [ -z "$problems" ]; then
        say "  PASS $name: $report; the status page shows the target blocked in some regions"
        PASSED+=("$name")
    else
        say "  FAIL $name:$problems"
        FAILED+=("$name")
    fi
}

run_scenarios() {
    local names=("$@") name
    if [ "${#names[@]}" -eq 0 ] || [ "${names[0]}" = all ]; then names=("${SCENARIOS[@]}"); fi
    check_scenario_names "${names[@]}"
    for name in "${names[@]}"; do
        reset_faults
        say "── $name: ${ABOUT[$name]}"
        scenario "$name"
    done
    reset_faults
    say
    if [ "${#FAILED[@]}" -gt 0 ]; then say "failed: ${FAILED[*]}"; fi
    say "lab: ${#PASSED[@]} passed, ${#FAILED[@]} failed"
    [ "${#FAILED[@]}" -eq 0 ]
}

run_demo() {
    LAB_DEMO=1
    local name
    say
    say "The lab: a panel, a coordinator, agents in three regions (eu, us, asia; one network each) and a user,"
    say "each in its own network namespace. Each check runs from the user's machine and from every agent."
    for name in "${DEMO_SCENARIOS[@]}"; do
        reset_faults
        say
        say "════ fault injected: ${ABOUT[$name]}"
        scenario "$name"
    done
    reset_faults
}

# ---------------------------------------------------------------------------------------------------------

inside() {
    local where=$1 command=$2
    shift 2
    if [ "$where" = attached ]; then
        DIR=$PERSISTENT_STATE
        STATE=$DIR/state
        # shellcheck source=/dev/null
        . "$DIR/lab.env"
        case $command in
            down)
                lab_down 0
                return
                ;;
            exec)
                [ "$#" -ge 2 ] || die "usage: lab.sh exec HOST CMD..."
                local host=$1
                shift
                [ -d "$STATE/etc/$host" ] || die "no host '$host' (hosts: ${HOSTS[*]})"
                on "$host" env PATH="$BIN:$PATH" XCHECK_CONFIG="$STATE/empty.conf" XCHECK_COORDINATOR="$COORD_URL" \
                    XCHECK_TOKEN="$(cat "$STATE/secrets/token")" "$@"
                return
                ;;
        esac
        trap 'reset_faults' EXIT
        trap 'exit 130' INT TERM
        if [ "$command" = demo ]; then run_demo; else run_scenarios "$@"; fi
        return
    fi

    check_isolated
    private_mounts
    if [ "$command" = up ]; then
        DIR=$PERSISTENT_STATE
        mkdir "$DIR"
    else
        DIR=$(mktemp -d /tmp/xcheck-lab.XXXXXX)
    fi
    STATE=$DIR/state
    trap 'lab_down $?' EXIT
    trap 'exit 130' INT TERM
    lab_up
    case $command in
        up)
            # The keeper holds the orchestrator's namespaces (and so the bridge and /run/netns) after we exit.
            setsid sleep infinity </dev/null >/dev/null 2>&1 &
            local keeper=$!
            printf 'keeper %s %s\n' "$keeper" "$(start_time "$keeper")" >>"$DIR/pids"
            printf '%s %s\n' "$keeper" "$(start_time "$keeper")" >"$DIR/keeper"
            trap - EXIT INT TERM
            say "the lab is up: 'lab.sh run [SCENARIO...]', 'lab.sh exec user xcheck check ...', 'lab.sh down'"
            ;;
        run)
            run_scenarios "$@"
            ;;
        demo)
            run_demo
            ;;
    esac
}

main() {
    if [ "${1:-}" = __inside ]; then
        shift
        inside "$@"
    else
        outside "${1:-help}" "${@:2}"
    fi
}

# On one line, so that bash has read it all before running it (the file may change meanwhile).
main "$@"; exit
