#!/usr/bin/env bash
# Runs an xcheck-coordinator admin command with the service's settings, as the service's user:
#
#   sudo xcheck-admin agents add --name fra-1 --region eu-central --network hetzner
#   sudo xcheck-admin tokens add --name support --scope check
#   sudo xcheck-admin agents list
#
# It reads /etc/xcheck/coordinator.env (XCHECK_DATABASE_URL, XCHECK_KEY_FILE; root-only, so this runs as root),
# sets XCHECK_DATA_DIR like the unit does, and runs the command as the `xcheck` user, so that a key file or an
# embedded PostgreSQL cluster it touches stays that user's. Override the defaults with COORDINATOR_ENV_FILE,
# COORDINATOR_USER, COORDINATOR_DATA_DIR and COORDINATOR_BINARY.
set -euo pipefail

env_file="${COORDINATOR_ENV_FILE:-/etc/xcheck/coordinator.env}"
service_user="${COORDINATOR_USER:-xcheck}"
data_dir="${COORDINATOR_DATA_DIR:-/var/lib/xcheck-coordinator}"
binary="${COORDINATOR_BINARY:-/usr/local/bin/xcheck-coordinator}"

if [ "$#" -eq 0 ]; then
    echo "usage: sudo $0 agents|tokens add|list|revoke [options]   (see: $binary help)" >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "xcheck-admin must run as root: it reads $env_file and switches to the $service_user user" >&2
    exit 1
fi
if ! id -u "$service_user" >/dev/null 2>&1; then
    echo "there is no user '$service_user' (docs/operations.md, section 2.2)" >&2
    exit 1
fi
if [ -f "$env_file" ]; then
    set -a
    # shellcheck source=/dev/null
    . "$env_file"
    set +a
fi
export XCHECK_DATA_DIR="$data_dir"
cd /
exec setpriv --reuid="$service_user" --regid="$(id -g "$service_user")" --init-groups -- "$binary" "$@"
