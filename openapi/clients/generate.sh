#!/usr/bin/env bash
# Regenerates the typed clients from an OpenAPI document:
#   typescript/src/schema.d.ts          openapi-typescript (used with openapi-fetch)
#   python/auth-server-client/          openapi-python-client (package auth_server_client)
#
# usage: openapi/clients/generate.sh [--doc openapi.json] [--out DIR]
#   --doc  the document (default: the committed openapi/openapi.json)
#   --out  where the clients go (default: openapi/clients, in place). Another
#          directory gets a copy of the hand-written files (package.json,
#          smoke scripts…) too, so the smoke scripts can run from there.
#
# The generators are pinned (typescript/package-lock.json,
# python/requirements.txt) and installed once into a cache outside the tree,
# ${CLIENTS_CACHE:-${CARGO_TARGET_DIR:-target}/clients-cache}: node_modules
# under node/, a virtualenv under venv/, each rebuilt only when its pin file
# changes. Needs node with npm, and python3 with its venv module.
#
# After generating, `--out DIR` also holds DIR/typescript/node_modules (a
# link to the cached one) and DIR/python/.venv (the same for the virtualenv)
# so that `tsc`, `tsx` and the smoke scripts run there as they are.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
doc="$root/openapi/openapi.json"
out="$here"
while [ $# -gt 0 ]; do
    case "$1" in
        --doc) doc="$(realpath "$2")"; shift 2 ;;
        --out) mkdir -p "$2"; out="$(cd "$2" && pwd)"; shift 2 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "generate.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ -f "$doc" ] || { echo "generate.sh: no OpenAPI document at $doc" >&2; exit 2; }

target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
cache="${CLIENTS_CACHE:-$target/clients-cache}"
mkdir -p "$cache"

log() { printf '== generate.sh: %s\n' "$*" >&2; }
need() {
    command -v "$1" >/dev/null 2>&1 || {
        echo "generate.sh: $1 is required ($2)" >&2
        exit 3
    }
}
stamp_of() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

# A cached install is made aside and renamed into place when complete, so
# a run cut short (or two runs at once) never leaves half of one behind.
node_deps() {
    need npm "install Node.js with npm; on Debian/Ubuntu: apt-get install nodejs npm"
    local dir="$cache/node" stamp
    stamp="$(stamp_of "$here/typescript/package.json" "$here/typescript/package-lock.json")"
    if [ "$(cat "$dir/stamp" 2>/dev/null)" != "$stamp" ]; then
        log "installing the TypeScript toolchain (npm ci) into $dir"
        local tmp="$dir.building-$$"
        rm -rf "$tmp" && mkdir -p "$tmp"
        cp "$here/typescript/package.json" "$here/typescript/package-lock.json" "$tmp/"
        (cd "$tmp" && npm ci --no-audit --no-fund --loglevel=error >&2)
        echo "$stamp" >"$tmp/stamp"
        rm -rf "$dir" && mv "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
    fi
    echo "$dir/node_modules"
}

python_deps() {
    need python3 "install Python 3.11 or later"
    python3 -c 'import ensurepip, venv' 2>/dev/null || {
        echo "generate.sh: python3 -m venv is required (on Debian/Ubuntu: apt-get install python3-venv)" >&2
        exit 3
    }
    local dir="$cache/venv" stamp
    stamp="$(stamp_of "$here/python/requirements.txt")"
    if [ "$(cat "$dir/stamp" 2>/dev/null)" != "$stamp" ]; then
        log "installing the Python toolchain (pip) into $dir"
        local tmp="$dir.building-$$"
        rm -rf "$tmp"
        python3 -m venv "$tmp"
        PIP_NO_INPUT=1 "$tmp/bin/pip" install -q --disable-pip-version-check \
            -r "$here/python/requirements.txt" >&2
        echo "$stamp" >"$tmp/stamp"
        # A virtualenv knows its own path: it is made where it is used.
        rm -rf "$dir"
        if ! mv "$tmp" "$dir" 2>/dev/null; then rm -rf "$tmp"; fi
    fi
    echo "$dir"
}

modules="$(node_deps)"
venv="$(python_deps)"
# A venv made aside and moved has scripts whose #! names the aside path:
# run its tools through its python instead.
py="$venv/bin/python"

if [ "$out" != "$here" ]; then
    # The hand-written halves, for the generated ones to sit beside.
    mkdir -p "$out/typescript" "$out/python"
    (cd "$here/typescript" && cp package.json package-lock.json tsconfig.json smoke.ts "$out/typescript/")
    mkdir -p "$out/typescript/src"
    cp "$here/typescript/src/client.ts" "$out/typescript/src/"
    (cd "$here/python" && cp requirements.txt config.yml smoke.py "$out/python/")
fi

log "TypeScript: $doc -> $out/typescript/src/schema.d.ts"
mkdir -p "$out/typescript/src"
node "$modules/openapi-typescript/bin/cli.js" "$doc" -o "$out/typescript/src/schema.d.ts" >&2

log "Python: $doc -> $out/python/auth-server-client"
(
    cd "$out/python"
    # ruff formats the output (the generator's post-hooks); without a cache
    # it leaves nothing but the client behind.
    PATH="$venv/bin:$PATH" RUFF_NO_CACHE=true "$py" -m openapi_python_client generate \
        --path "$doc" --config config.yml --meta setup \
        --output-path auth-server-client --overwrite --fail-on-warning >&2
)

if [ "$out" != "$here" ]; then
    ln -sfn "$modules" "$out/typescript/node_modules"
    ln -sfn "$venv" "$out/python/.venv"
fi
log "done"
