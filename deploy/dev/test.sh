#!/usr/bin/env bash
# The whole test suite, from a fresh Debian/Ubuntu machine: installs what is missing (apt-get), builds, then
# runs every test inside a private network namespace (unshare --net) that has only a loopback interface, a
# private resolver (dnsmasq on 127.0.0.1) and no route anywhere: no test packet can leave this machine.
# Usage: deploy/dev/test.sh [extra `swift test` arguments, e.g. --filter ProbeEngineTests]
set -euo pipefail
cd "$(dirname "$0")/../.."

. deploy/dev/lib.sh
xcheck_ensure_swift
xcheck_ensure_packages "${XCHECK_PACKAGES[@]}"

echo "== building (debug, with tests)"
swift build --build-tests

if [ "$(id -u)" -eq 0 ] && unshare --net --mount true 2>/dev/null; then
    echo "== running the tests in a private network namespace"
    exec unshare --net --mount -- bash deploy/dev/isolated-tests.sh "$@"
fi
echo "== not root (or unshare is not allowed): running the tests without the isolated namespace;" >&2
echo "   the tests that need it (DNS, unreachable networks) are skipped" >&2
exec swift test --skip-build "$@"
