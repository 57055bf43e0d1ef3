#!/usr/bin/env bash
# The main job, on one machine: builds xcheck, starts the project's demo panels on loopback, and runs
# `xcheck probe` against healthy and broken accounts and servers, showing what a user would see.
# Everything stays on 127.0.0.1; the panels are stopped (by PID) when the script ends.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/dev/lib.sh
xcheck_ensure_swift
xcheck_ensure_packages "${XCHECK_PACKAGES[@]}"

echo "== building (release)"
swift build -c release --product xcheck >/dev/null
swift build -c release --product xcheck-panel-sim >/dev/null
bin=$(swift build -c release --show-bin-path)

state=$(mktemp -d /tmp/xcheck-demo.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
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

start_panel xc --family xtream_codes
xc=$PANEL_URL
start_panel xui --family xui
xui=$PANEL_URL
start_panel cf --mode cf-origin:522
cf=$PANEL_URL
closed_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

show "A healthy account" probe "$xc" -u active -p secret
show "The same login pasted as a playlist link, with an invisible character in the password" \
    probe "$xc/get.php?username=active&password=secret%E2%80%8B&type=m3u_plus&output=ts"
show "A wrong password (Xtream Codes panel)" probe "$xc" -u active -p wrong
show "An expired subscription" probe "$xc" -u expired -p secret
show "Every connection of the line in use" probe "$xc" -u maxed -p secret
show "An XUI.one panel refusing an inactive line" probe "$xui" -u banned -p secret
show "https on a plain-http port" probe "${xc/http:/https:}" -u active -p secret
show "The panel down behind Cloudflare" probe "$cf" -u active -p secret
show "Nothing listening on the port" probe "127.0.0.1:$closed_port" -u active -p secret
show "Machine-readable output" probe "$xc" -u trial -p secret --json
