#!/usr/bin/env bash
# The whole test suite, from a fresh Debian/Ubuntu machine: installs what is missing (apt-get), builds, then
# runs every test inside a private network namespace (unshare --net) that has only a loopback interface, a
# private resolver (dnsmasq on 127.0.0.1) and no route anywhere: no test packet can leave this machine.
# Usage: deploy/dev/test.sh [extra `swift test` arguments, e.g. --filter ProbeEngineTests]
set -euo pipefail
cd "$(dirname "$0")/../.."

packages=(libcurl4-openssl-dev libpq-dev pkg-config openssl iproute2 util-linux dnsmasq-base procps ca-certificates)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
    echo "== installing: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "test.sh: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "== building (debug, with tests)"
swift build --build-tests

if [ "$(id -u)" -eq 0 ] && unshare --net --mount true 2>/dev/null; then
    echo "== running the tests in a private network namespace"
    exec unshare --net --mount -- bash deploy/dev/isolated-tests.sh "$@"
fi
echo "== not root (or unshare is not allowed): running the tests without the isolated namespace;" >&2
echo "   the tests that need it (DNS, unreachable networks) are skipped" >&2
exec swift test --skip-build "$@"
