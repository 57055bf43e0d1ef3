#!/usr/bin/env bash
# The main job, on one machine: builds xcheck, starts the coordinator on its embedded PostgreSQL, three
# agents (labelled as three regions and networks), and the project's demo panels, then shows what a user sees:
# `xcheck check` (every vantage cross-referenced into a verdict) and `xcheck probe` (one machine's diagnosis)
# against healthy and broken accounts and servers. Everything stays on 127.0.0.1; every process started
# here is stopped by PID when the script ends. (Real network faults per region: the lab, deploy/lab.)
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/dev/lib.sh
xcheck_ensure_swift
xcheck_ensure_packages "${XCHECK_PACKAGES[@]}"

echo "== building (release)"
for product in xcheck xcheck-panel-sim xcheck-coordinator xcheck-agent; do
    swift build -c release --product "$product" >/dev/null
done
bin=$(swift build -c release --show-bin-path)

state=$(mktemp -d /tmp/xcheck-demo.XXXXXX)
chmod 755 "$state"  # the embedded PostgreSQL runs as the postgres user when this runs as root
pids=()
cleanup() {
    # Newest first: agents and panels, then the coordinator (which stops its PostgreSQL).
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do wait "${pids[i]}" 2>/dev/null || true; done
    rm -rf "$state"
}
trap cleanup EXIT INT TERM

# start_panel NAME ARGS...: starts a simulator on a free loopback port, sets PANEL_URL to its base URL.
start_panel() {
    local name=$1
    shift
    "$bin/xcheck-panel-sim" --listen 127.0.0.1:0 "$@" >"$state/$name.out" 2>"$state/$name.err" &
    pids+=($!)
    for _ in $(seq 100); do
        if grep -q '^listening ' "$state/$name.out" 2>/dev/null; then
            PANEL_URL=$(sed -n 's/^listening //p' "$state/$name.out" | head -n 1)
            return 0
        fi
        sleep 0.05
    done
    echo "the demo panel '$name' did not start:" >&2
    cat "$state/$name.err" >&2
    exit 1
}

# show TITLE ARGS...: prints a heading, the command line (password hidden) and xcheck's answer.
show() {
    local title=$1
    shift
    local shown=() hide=0 arg
    for arg in "$@"; do
        if ((hide)); then shown+=("'••••'"); hide=0; continue; fi
        shown+=("$arg")
        [ "$arg" = "-p" ] && hide=1
    done
    echo
    echo "──── $title"
    echo "\$ xcheck ${shown[*]}"
    local status=0
    "$bin/xcheck" "$@" || status=$?
    echo "(exit status $status)"
}

# wait_line FILE PATTERN: waits (bounded) for a line, prints what follows the pattern.
wait_line() {
    for _ in $(seq 600); do
        if grep -q "$2" "$1" 2>/dev/null; then sed -n "s/^$2//p" "$1" | head -n 1; return 0; fi
        sleep 0.1
    done
    echo "timed out waiting for '$2' in $1" >&2
    cat "${1%.out}.err" >&2 2>/dev/null || true
    exit 1
}

echo "== starting the coordinator (embedded PostgreSQL under $state/coordinator)"
"$bin/xcheck-coordinator" serve --listen 127.0.0.1:0 --data-dir "$state/coordinator" >"$state/coordinator.out" 2>"$state/coordinator.err" &
pids+=($!)
coordinator=$(wait_line "$state/coordinator.out" "listening ")

echo "== enrolling and starting three agents"
for spec in "fra-1 eu-central hetzner" "ams-1 eu-west ovh" "nyc-1 us-east digitalocean"; do
    read -r name region network <<<"$spec"
    token=$("$bin/xcheck-coordinator" agents add --name "$name" --region "$region" --network "$network" \
        --data-dir "$state/coordinator" | tail -n 1)
    # --allow-private-targets: the demo panels live on 127.0.0.1, which agents refuse by default.
    XCHECK_AGENT_TOKEN=$token "$bin/xcheck-agent" --coordinator "$coordinator" --spool-dir "$state/spool-$name" \
        --allow-private-targets >"$state/agent-$name.log" 2>&1 &
    pids+=($!)
done
XCHECK_TOKEN=$("$bin/xcheck-coordinator" tokens add --name demo --scope admin --data-dir "$state/coordinator" | tail -n 1)
export XCHECK_TOKEN XCHECK_COORDINATOR=$coordinator
for _ in $(seq 100); do
    [ "$("$bin/xcheck" agents --json | grep -c '"online" : true')" -ge 3 ] && break
    sleep 0.1
done

start_panel xc --family xtream_codes
xc=$PANEL_URL
start_panel xui --family xui
xui=$PANEL_URL
start_panel cf --mode cf-origin:522
cf=$PANEL_URL
closed_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

show "The agents" agents
show "From every region: a healthy account" check "$xc" -u active -p secret
show "From every region: an expired subscription" check "$xc" -u expired -p secret
show "From every region: an XUI.one panel refusing a banned line" check "$xui" -u banned -p secret
show "From every region: nothing listens on the port" check "127.0.0.1:$closed_port" -u active -p secret
show "From every region: the panel down behind Cloudflare" check "$cf" -u active -p secret
show "This machine only: the login pasted as a playlist link, with an invisible character in the password" \
    probe "$xc/get.php?username=active&password=secret%E2%80%8B&type=m3u_plus&output=ts"
show "This machine only: every connection of the line in use" probe "$xc" -u maxed -p secret
show "This machine only: https on a plain-http port" probe "${xc/http:/https:}" -u active -p secret
show "Machine-readable verdict" check "$xc" -u trial -p secret --json
