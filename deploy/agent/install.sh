#!/usr/bin/env bash
# Installs xcheck-agent on a fresh Debian (12+) or Ubuntu VPS with one command:
#
#   sudo ./install.sh --coordinator https://xcheck.example.net --token xca_... [--binary ./xcheck-agent]
#
# It installs the runtime libraries (libcurl4 and the Swift runtime's dependencies), copies the binary to
# /usr/local/bin, writes /etc/xcheck/agent.conf (mode 0600, root only) with the coordinator URL and the token,
# installs the systemd unit and (re)starts it. Running it again updates the binary, the config and the unit.
# The token may also come from the XCHECK_AGENT_TOKEN environment variable instead of --token.
set -euo pipefail

usage() {
    echo "usage: sudo $0 --coordinator URL --token TOKEN [--binary PATH] [--max-concurrency N]" >&2
    exit 2
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
coordinator=""
token="${XCHECK_AGENT_TOKEN:-}"
binary=""
max_concurrency=""

while [ "$#" -gt 0 ]; do
    case "$1" in
        --coordinator) [ "$#" -ge 2 ] || usage; coordinator="$2"; shift 2 ;;
        --token) [ "$#" -ge 2 ] || usage; token="$2"; shift 2 ;;
        --binary) [ "$#" -ge 2 ] || usage; binary="$2"; shift 2 ;;
        --max-concurrency) [ "$#" -ge 2 ] || usage; max_concurrency="$2"; shift 2 ;;
        -h|--help) usage ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh must run as root (it installs packages, a systemd unit and /etc/xcheck/agent.conf)" >&2
    exit 1
fi
[ -n "$coordinator" ] || { echo "--coordinator is required" >&2; usage; }
[ -n "$token" ] || { echo "--token (or XCHECK_AGENT_TOKEN) is required" >&2; usage; }
case "$coordinator" in
    https://*|http://*) ;;
    *) echo "the coordinator URL must start with https://" >&2; exit 2 ;;
esac
# Tokens are `xca_<id>_<base64url>`; anything else could be mangled by systemd's EnvironmentFile parsing.
if ! [[ "$token" =~ ^[A-Za-z0-9._~+/=-]+$ ]]; then
    echo "the token may only contain letters, digits and . _ ~ + / = -" >&2
    exit 2
fi
if [ -n "$max_concurrency" ] && ! [[ "$max_concurrency" =~ ^[0-9]+$ ]]; then
    echo "--max-concurrency must be a number" >&2
    exit 2
fi

if [ -z "$binary" ]; then
    for candidate in "$here/xcheck-agent" "$here/../../.build/release/xcheck-agent"; do
        if [ -x "$candidate" ]; then binary="$candidate"; break; fi
    done
fi
if [ -z "$binary" ] || [ ! -x "$binary" ]; then
    echo "no xcheck-agent binary found: give --binary PATH (build it with: swift build -c release --product xcheck-agent)" >&2
    exit 1
fi

echo "== installing runtime libraries"
export DEBIAN_FRONTEND=noninteractive
packages=(libcurl4 ca-certificates libstdc++6 libgcc-s1 zlib1g tzdata)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "== installing the binary"
install -m 0755 -o root -g root "$binary" /usr/local/bin/xcheck-agent.new
mv -f /usr/local/bin/xcheck-agent.new /usr/local/bin/xcheck-agent
if ! /usr/local/bin/xcheck-agent --version >/dev/null 2>&1; then
    echo "the installed binary does not run; is the Swift runtime linked statically (--static-swift-stdlib)?" >&2
    /usr/local/bin/xcheck-agent --version || true
    exit 1
fi

echo "== writing /etc/xcheck/agent.conf"
install -d -m 0755 -o root -g root /etc/xcheck
umask 077
config_tmp="$(mktemp /etc/xcheck/.agent.conf.XXXXXX)"
{
    echo "# xcheck-agent settings (systemd EnvironmentFile; also readable with xcheck-agent --config)."
    echo "XCHECK_COORDINATOR=$coordinator"
    echo "XCHECK_AGENT_TOKEN=$token"
    if [ -n "$max_concurrency" ]; then echo "XCHECK_MAX_CONCURRENCY=$max_concurrency"; fi
} >"$config_tmp"
chmod 0600 "$config_tmp"
chown root:root "$config_tmp"
mv -f "$config_tmp" /etc/xcheck/agent.conf

echo "== installing the systemd unit"
install -m 0644 -o root -g root "$here/xcheck-agent.service" /etc/systemd/system/xcheck-agent.service
systemctl daemon-reload
systemctl enable xcheck-agent.service >/dev/null
systemctl restart xcheck-agent.service

sleep 2
if systemctl is-active --quiet xcheck-agent.service; then
    echo "== xcheck-agent is running; follow it with: journalctl -u xcheck-agent -f"
else
    echo "xcheck-agent did not stay up; its log:" >&2
    journalctl -u xcheck-agent.service -n 30 --no-pager >&2 || true
    exit 1
fi
