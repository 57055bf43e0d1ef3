# Shared by the developer scripts. Source it; do not run it.

# The Debian packages the project needs to build and test.
XCHECK_PACKAGES=(libcurl4-openssl-dev libpq-dev postgresql pkg-config openssl iproute2 util-linux dnsmasq-base procps ca-certificates python3 curl shellcheck chromium)

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
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Checks that the Swift toolchain is on PATH.
xcheck_ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "swift is not on PATH: install Swift 6.1 or later from swift.org" >&2
        exit 1
    fi
}
