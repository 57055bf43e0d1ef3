# Shared by the developer scripts. Source it; do not run it.

# The Debian packages the project needs to build and test.
# (systemd, python3-yaml and nginx-light are for deploy/dev/check-deploy.sh; nftables for the lab; chromium for
# the status page's headless-browser test.)
XCHECK_PACKAGES=(libcurl4-openssl-dev libpq-dev postgresql pkg-config openssl iproute2 util-linux dnsmasq-base procps
    ca-certificates python3 curl shellcheck nftables systemd python3-yaml nginx-light chromium)

# Installs whichever of the given Debian packages are missing (apt-get; needs root when something is missing).
xcheck_ensure_packages() {
    local missing=() p
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    ((${#missing[@]})) || return 0
    echo "== installing: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
        echo "run: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    # No package may start a daemon (nginx, PostgreSQL's default cluster) while it is installed: policy-rc.d
    # answers "not allowed" for the duration, unless the machine already has a policy of its own.
    local policy=/usr/sbin/policy-rc.d placed=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 0755 "$policy" && placed=1
    fi
    local status=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
    [ -n "$placed" ] && rm -f "$policy"
    return $status
}

# Checks that the Swift toolchain is on PATH.
xcheck_ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "swift is not on PATH: install Swift 6.1 or later from swift.org" >&2
        exit 1
    fi
}
