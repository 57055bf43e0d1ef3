#!/usr/bin/env bash
# Checks the deployment files without Docker and without a running systemd; touches no network.
#
#   deploy/dev/check-deploy.sh [EXTRA.service ...]
#
# - systemd units (deploy/agent, deploy/coordinator, the coordinator with its embedded-PostgreSQL drop-in, and
#   any unit given as an argument): `systemd-analyze verify` on a copy whose ExecStart points at a stub, where
#   ANY message counts as a failure (an unknown directive is only a warning to systemd); the hardening every
#   unit must keep; and a negative control: a copy with a misspelt directive must fail.
# - shellcheck (severity warning) on every *.sh under deploy/, .ci/run and the scripts cloud-init writes.
# - YAML: compose and cloud-init parse, and hold what the docs promise.
# - every XCHECK_* variable the deploy files set is read by the code; every coordinator flag they pass exists.
# - Dockerfiles: a build stage `AS build`, a runtime stage that copies from it, a non-root USER, a
#   HEALTHCHECK; the coordinator's copies its SQL migrations' resource bundle.
# - nginx: `nginx -t` on the example with a throwaway self-signed certificate; Caddyfile: balanced braces.
#
# Needs (Debian): systemd shellcheck python3 python3-yaml nginx-light (or nginx) openssl. Exits non-zero,
# listing every failure, when anything is wrong.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

failures=()
fail() { failures+=("$1"); echo "FAIL: $1" >&2; }
pass() { echo "ok:   $1"; }

missing=()
for tool in systemd-analyze:systemd shellcheck:shellcheck python3:python3 nginx:nginx-light openssl:openssl; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import yaml' 2>/dev/null; then missing+=(python3-yaml); fi
if [ "${#missing[@]}" -gt 0 ]; then
    echo "check-deploy.sh needs these Debian packages: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------- systemd units

# verify_unit NAME UNIT_FILE [DROPIN_FILE]: systemd-analyze verify on a copy named NAME whose ExecStart
# programs are stubs. Prints systemd's messages; returns non-zero if there was any.
verify_unit() {
    local name="$1" unit="$2" dropin="${3:-}" dir
    dir="$(mktemp -d "$work/unit.XXXXXX")"
    mkdir -p "$dir/bin"
    local program
    while IFS= read -r program; do
        [ -n "$program" ] || continue
        printf '#!/bin/sh\nexit 0\n' >"$dir/bin/$(basename "$program")"
        chmod 0755 "$dir/bin/$(basename "$program")"
    done < <(sed -n 's/^Exec[A-Za-z]*=[-@:+!]*\(\/[^ ]*\).*/\1/p' "$unit")
    sed 's#^\(Exec[A-Za-z]*=[-@:+!]*\)/[^ ]*/\([^/ ]*\)#\1'"$dir"'/bin/\2#' "$unit" >"$dir/$name"
    if [ -n "$dropin" ]; then
        mkdir -p "$dir/$name.d"
        cp "$dropin" "$dir/$name.d/"
    fi
    local output status
    output="$(cd "$dir" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no "$dir/$name" 2>&1)"
    status=$?
    if [ "$status" -ne 0 ] || [ -n "$output" ]; then
        printf '%s\n' "$output" | sed "s#$dir/##g" >&2
        return 1
    fi
    return 0
}

# require_directives FILE DIRECTIVE...: each `Key=value` line must be in the file exactly.
require_directives() {
    local file="$1" line missing_lines=()
    shift
    for line in "$@"; do
        grep -qxF -- "$line" "$file" || missing_lines+=("$line")
    done
    if [ "${#missing_lines[@]}" -gt 0 ]; then
        echo "  missing in $file: ${missing_lines[*]}" >&2
        return 1
    fi
}

hardening=(
    NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes PrivateDevices=yes
    ProtectKernelTunables=yes ProtectKernelModules=yes ProtectControlGroups=yes RestrictNamespaces=yes
    RestrictSUIDSGID=yes LockPersonality=yes CapabilityBoundingSet= SystemCallArchitectures=native
    SystemCallFilter=@system-service KillSignal=SIGTERM KillMode=mixed
)

agent_unit=deploy/agent/xcheck-agent.service
coordinator_unit=deploy/coordinator/xcheck-coordinator.service
embedded_dropin=deploy/coordinator/xcheck-coordinator.service.d/embedded.conf

if verify_unit xcheck-agent.service "$agent_unit"; then pass "systemd-analyze verify $agent_unit"; else fail "systemd-analyze verify $agent_unit"; fi
if verify_unit xcheck-coordinator.service "$coordinator_unit"; then pass "systemd-analyze verify $coordinator_unit"; else fail "systemd-analyze verify $coordinator_unit"; fi
if verify_unit xcheck-coordinator.service "$coordinator_unit" "$embedded_dropin"; then
    pass "systemd-analyze verify $coordinator_unit + $embedded_dropin"
else
    fail "systemd-analyze verify $coordinator_unit + $embedded_dropin"
fi
for extra in "$@"; do
    if verify_unit "$(basename "$extra")" "$extra"; then pass "systemd-analyze verify $extra"; else fail "systemd-analyze verify $extra"; fi
done

if require_directives "$agent_unit" "${hardening[@]}" DynamicUser=yes StateDirectory=xcheck-agent \
    'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK' MemoryDenyWriteExecute=yes \
    TimeoutStopSec=45 RestartPreventExitStatus=78 EnvironmentFile=/etc/xcheck/agent.conf; then
    pass "$agent_unit keeps its hardening"
else
    fail "$agent_unit lost hardening or settings"
fi
if require_directives "$coordinator_unit" "${hardening[@]}" User=xcheck StateDirectory=xcheck-coordinator \
    'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' MemoryDenyWriteExecute=yes; then
    pass "$coordinator_unit keeps its hardening"
else
    fail "$coordinator_unit lost hardening or settings"
fi

# Negative controls: a misspelt directive (systemd only warns and ignores it) and a bad value must fail.
broken="$work/xcheck-agent-broken.service"
sed 's/^ProtectHome=yes$/ProtectHom=yes/' "$agent_unit" >"$broken"
if ! grep -q '^ProtectHom=yes$' "$broken"; then
    fail "negative control: could not misspell ProtectHome= in a copy of $agent_unit"
elif verify_unit xcheck-agent.service "$broken" 2>/dev/null; then
    fail "negative control: a unit with 'ProtectHom=yes' passed systemd-analyze verify (the check cannot fail)"
else
    pass "negative control: a misspelt directive fails the unit check"
fi
sed 's/^TimeoutStopSec=.*/TimeoutStopSec=forty/' "$coordinator_unit" >"$work/xcheck-coordinator-broken.service"
if verify_unit xcheck-coordinator.service "$work/xcheck-coordinator-broken.service" 2>/dev/null; then
    fail "negative control: a unit with 'TimeoutStopSec=forty' passed systemd-analyze verify"
else
    pass "negative control: a bad value fails the unit check"
fi
mkdir -p "$work/broken-dropin"
sed 's/^MemoryDenyWriteExecute=/MemoryDenyWriteExecut=/' "$embedded_dropin" >"$work/broken-dropin/embedded.conf"
if verify_unit xcheck-coordinator.service "$coordinator_unit" "$work/broken-dropin/embedded.conf" 2>/dev/null; then
    fail "negative control: a misspelt directive in the drop-in passed (is the drop-in read at all?)"
else
    pass "negative control: a misspelt directive in the drop-in fails the unit check"
fi

# ---------------------------------------------------------------- shell scripts

# The scripts cloud-init writes (write_files entries that start with a shebang).
mkdir -p "$work/cloud-init-scripts"
python3 - "$work/cloud-init-scripts" deploy/cloud-init/*.yaml <<'PY' || fail "could not extract the cloud-init scripts"
import os, sys, yaml
out = sys.argv[1]
for path in sys.argv[2:]:
    with open(path) as f:
        document = yaml.safe_load(f)
    for entry in (document or {}).get("write_files", []) or []:
        content = entry.get("content", "")
        if content.startswith("#!"):
            name = os.path.basename(os.path.splitext(path)[0]) + "--" + os.path.basename(entry["path"])
            with open(os.path.join(out, name), "w") as f:
                f.write(content)
PY
scripts=()
while IFS= read -r -d '' script; do scripts+=("$script"); done < <(find deploy -name '*.sh' -type f -print0 | sort -z)
[ -f .ci/run ] && scripts+=(.ci/run)
for script in "${scripts[@]}" "$work"/cloud-init-scripts/*; do
    [ -f "$script" ] || continue
    label="${script#"$work"/cloud-init-scripts/}"
    if head -n 1 "$script" | grep -q '^#!'; then
        output="$(shellcheck -x -S warning "$script" 2>&1)"
    else
        # A library meant to be sourced: no shebang, and its variables are used by the scripts sourcing it.
        output="$(shellcheck -x -S warning --shell=bash --exclude=SC2034 "$script" 2>&1)"
    fi
    if [ -z "$output" ] && bash -n "$script" 2>/dev/null; then
        pass "shellcheck $label"
    else
        printf '%s\n' "$output" >&2
        fail "shellcheck $label"
    fi
done

# ---------------------------------------------------------------- YAML: compose and cloud-init

if python3 - deploy/compose/compose.yaml deploy/cloud-init/xcheck-agent.yaml <<'PY'
import sys, yaml
problems = []
compose_path, cloud_path = sys.argv[1], sys.argv[2]
with open(compose_path) as f:
    compose = yaml.safe_load(f)
services = compose.get("services", {})
for name in ("postgres", "coordinator", "agent"):
    if name not in services:
        problems.append(f"{compose_path}: no service '{name}'")
if "postgres" in services and "healthcheck" not in services["postgres"]:
    problems.append(f"{compose_path}: postgres has no healthcheck")
coordinator = services.get("coordinator", {})
env = coordinator.get("environment", {})
if "XCHECK_DATABASE_URL" not in env:
    problems.append(f"{compose_path}: the coordinator has no XCHECK_DATABASE_URL")
if not any(str(v).endswith(":/var/lib/xcheck-coordinator") for v in coordinator.get("volumes", [])):
    problems.append(f"{compose_path}: the coordinator's data (credential key) is not on a volume")
agent = services.get("agent", {})
if not any(str(v).endswith(":/var/lib/xcheck-agent") for v in agent.get("volumes", [])):
    problems.append(f"{compose_path}: the agent's spool is not on a volume")
for name in ("XCHECK_COORDINATOR", "XCHECK_AGENT_TOKEN"):
    if name not in agent.get("environment", {}):
        problems.append(f"{compose_path}: the agent has no {name}")
with open(cloud_path) as f:
    first = f.readline().rstrip("\n")
if first != "#cloud-config":
    problems.append(f"{cloud_path}: the first line must be '#cloud-config', found {first!r}")
with open(cloud_path) as f:
    cloud = yaml.safe_load(f)
for key in ("packages", "write_files", "runcmd"):
    if key not in cloud:
        problems.append(f"{cloud_path}: no '{key}'")
for entry in cloud.get("write_files", []):
    if "agent-bootstrap.env" in entry.get("path", "") and str(entry.get("permissions")) != "0600":
        problems.append(f"{cloud_path}: {entry['path']} holds the token and must be 0600")
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
then
    pass "YAML: deploy/compose/compose.yaml and deploy/cloud-init/xcheck-agent.yaml"
else
    fail "YAML: compose or cloud-init"
fi

# ---------------------------------------------------------------- names the code must know

deploy_files=(deploy/agent/* deploy/coordinator/Dockerfile deploy/coordinator/*.service deploy/coordinator/*.example
    deploy/coordinator/xcheck-coordinator.service.d/* deploy/compose/* deploy/cloud-init/*)
# known_variable NAME: the name is a string literal in the code, or an agent setting's derived name
# (SettingKey: "XCHECK_" + the setting's key upper-cased, '-' as '_').
known_variable() {
    local name="$1" key
    grep -rqF "\"$name\"" Sources Agents Coordinator && return 0
    key="$(echo "${name#XCHECK_}" | tr 'A-Z_' 'a-z-')"
    grep -qE "^ *case [A-Za-z]+ = \"$key\"\$|^ *case $key\$" Sources/AgentCore/Configuration/SettingKey.swift
}
unknown=()
while IFS= read -r name; do
    known_variable "$name" || unknown+=("$name")
done < <(grep -ohE 'XCHECK_[A-Z_]+' "${deploy_files[@]}" | sort -u)
if [ "${#unknown[@]}" -eq 0 ]; then
    pass "every XCHECK_* variable in the deploy files is read by the code"
else
    fail "XCHECK_* variables the code does not read: ${unknown[*]}"
fi

# Coordinator flags in the unit, the compose command and the Dockerfile CMD: ArgumentParser names a
# property `retentionDays` `--retention-days`.
unknown=()
while IFS= read -r flag; do
    property="$(echo "${flag#--}" | sed -E 's/-([a-z])/\U\1/g')"
    grep -rqE "var $property\b" Coordinator/XCheckCoordinator || unknown+=("$flag")
done < <(
    { grep -h '^ExecStart=' "$coordinator_unit"; grep -h 'command:' deploy/compose/compose.yaml | grep -F '"serve"';
      grep -h '^CMD' deploy/coordinator/Dockerfile; } | grep -oE -- '--[a-z][a-z-]+' | sort -u
)
if [ "${#unknown[@]}" -eq 0 ]; then
    pass "every coordinator flag in the deploy files exists"
else
    fail "coordinator flags that do not exist: ${unknown[*]}"
fi

# ---------------------------------------------------------------- Dockerfiles

for dockerfile in deploy/*/Dockerfile; do
    problems=()
    grep -qE '^FROM [^ ]+ AS build$' "$dockerfile" || problems+=("no build stage 'FROM ... AS build'")
    [ "$(grep -cE '^FROM ' "$dockerfile")" -ge 2 ] || problems+=("not multi-stage")
    grep -qE '^COPY --from=build ' "$dockerfile" || problems+=("the runtime stage copies nothing from the build stage")
    user="$(grep -E '^USER ' "$dockerfile" | tail -n 1 | awk '{print $2}')"
    case "$user" in
        "" ) problems+=("no USER: it would run as root") ;;
        root|0|0:*|root:*) problems+=("USER is root") ;;
    esac
    grep -qE '^HEALTHCHECK ' "$dockerfile" || problems+=("no HEALTHCHECK")
    grep -qE '^ENTRYPOINT ' "$dockerfile" || problems+=("no ENTRYPOINT")
    if grep -q 'xcheck-coordinator' "$dockerfile" && grep -q -- '--product xcheck-coordinator' "$dockerfile"; then
        # SwiftPM names the bundle <package>_<target>.resources and the binary looks for it beside itself.
        package="$(sed -n 's/^ *name: "\([^"]*\)",$/\1/p' Package.swift | head -n 1)"
        bundle="${package}_XCheckCoordinator.resources"
        grep -q "COPY --from=build .*$bundle /usr/local/bin/$bundle" "$dockerfile" \
            || problems+=("the migrations' bundle $bundle is not copied next to the binary")
    fi
    if [ "${#problems[@]}" -eq 0 ]; then
        pass "Dockerfile sanity $dockerfile"
    else
        fail "Dockerfile sanity $dockerfile: ${problems[*]}"
    fi
done

# ---------------------------------------------------------------- reverse proxy examples

mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
if openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=xcheck.example.net \
    -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" >/dev/null 2>&1; then
    sed -e "s#/etc/letsencrypt/live/xcheck.example.net/fullchain.pem#$work/nginx/cert.pem#" \
        -e "s#/etc/letsencrypt/live/xcheck.example.net/privkey.pem#$work/nginx/key.pem#" \
        -e "s#/var/log/nginx/#$work/nginx/logs/#" deploy/proxy/nginx.conf >"$work/nginx/site.conf"
    cat >"$work/nginx/nginx.conf" <<EOF
pid $work/nginx/nginx.pid;
error_log stderr;
events {}
http {
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    include $work/nginx/site.conf;
}
EOF
    if output="$(nginx -t -q -p "$work/nginx" -e stderr -c "$work/nginx/nginx.conf" 2>&1)"; then
        [ -z "$output" ] || printf '%s\n' "$output"
        pass "nginx -t deploy/proxy/nginx.conf"
    else
        printf '%s\n' "$output" >&2
        fail "nginx -t deploy/proxy/nginx.conf"
    fi
else
    fail "openssl could not make a throwaway certificate for the nginx check"
fi
if [ "$(tr -cd '{' <deploy/proxy/Caddyfile | wc -c)" -eq "$(tr -cd '}' <deploy/proxy/Caddyfile | wc -c)" ]; then
    pass "Caddyfile braces balance (caddy itself is not installed here: no caddy validate)"
else
    fail "Caddyfile: unbalanced braces"
fi

echo
if [ "${#failures[@]}" -gt 0 ]; then
    echo "check-deploy.sh: ${#failures[@]} failure(s):" >&2
    printf '  - %s\n' "${failures[@]}" >&2
    exit 1
fi
echo "check-deploy.sh: all deployment checks passed"
