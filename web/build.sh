#!/usr/bin/env bash
# Builds the SPA (this directory) into web/dist with trunk, without any tool
# downloading binaries (these machines reach crates.io but not GitHub).
#
#   web/build.sh                 # release build -> web/dist (+ .gz copies the server sends)
#   web/build.sh --features x    # extra args are passed to `trunk build`
#   web/build.sh serve [args]    # the same toolchain, but `trunk serve` (dev server + proxy)
#   web/build.sh tools           # only install/check trunk and wasm-bindgen-cli (CI)
#
# Environment:
#   WEB_TARGET_DIR     cargo target dir of the wasm build
#                      (default: $CARGO_TARGET_DIR/web, else <workspace>/target/web)
#   WEB_DIST           output dir (default: web/dist)
#   WEB_NO_INSTALL=1   fail instead of `cargo install`ing a missing trunk / wasm-bindgen-cli
#   WEB_FORCE_DEBIAN=1 use the Debian -Zbuild-std recipe even if a wasm32 std is installed
#
# Toolchain (see the README, "Building the SPA"):
#   (a) the normal (rustup) rustc has the wasm32-unknown-unknown std -> use it;
#   (b) otherwise Debian's rustc-web (/usr/bin/rustc + rust-web-src) builds std
#       from source with -Zbuild-std, linked with rustup's rust-lld.
set -euo pipefail

TRUNK_VERSION=0.21.14
TARGET=wasm32-unknown-unknown

web_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$web_dir"

log() { printf '[web] %s\n' "$*" >&2; }
die() { printf '[web] ERROR: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo not found on PATH"
# Everything up to the toolchain switch uses the normal toolchain; an
# inherited RUSTC (an earlier run in the same shell) must not leak in.
unset RUSTC RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER

ws_root="$(dirname "$(cargo locate-project --workspace --message-format plain)")"
# Its own target dir: the two compilers would otherwise keep invalidating
# each other's artifacts.
export CARGO_TARGET_DIR="${WEB_TARGET_DIR:-${CARGO_TARGET_DIR:-$ws_root/target}/web}"

# ---------------------------------------------------------------- tools
ensure_trunk() {
    if command -v trunk >/dev/null; then
        local v; v="$(trunk --version | awk '{print $2}')"
        [[ "$v" == "$TRUNK_VERSION" ]] || log "warning: trunk $v found, $TRUNK_VERSION expected"
        return
    fi
    [[ "${WEB_NO_INSTALL:-}" == 1 ]] && die "trunk missing: cargo install --locked trunk --version $TRUNK_VERSION"
    # 0.22 needs a newer rustc than these machines have.
    log "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
}

# wasm-bindgen-cli from a copy of its crate with webpki-roots held back: the
# registry mirror here lacked the webpki-roots its lock file names.
install_wasm_bindgen_patched() {
    local want="$1" src tmp
    src="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"wasm-bindgen-cli-$want" 2>/dev/null | head -n1)"
    [[ -n "$src" ]] || return 1
    tmp="$(mktemp -d)"
    cp -r "$src" "$tmp/cli"
    (
        cd "$tmp/cli"
        cargo update -p webpki-roots --precise 1.0.10 || true
        cargo install --path . --locked --force
    )
    local rc=$?
    rm -rf "$tmp"
    return $rc
}

ensure_wasm_bindgen() {
    # The CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
    local want have=""
    want="$(cargo pkgid -p wasm-bindgen 2>/dev/null | sed -E 's/.*[@#]//')"
    [[ -n "$want" ]] || die "cannot find wasm-bindgen in Cargo.lock"
    command -v wasm-bindgen >/dev/null && have="$(wasm-bindgen --version | awk '{print $2}')"
    if [[ "$have" == "$want" ]]; then
        WBG_VERSION="$want"; return
    fi
    [[ "${WEB_NO_INSTALL:-}" == 1 ]] && die "wasm-bindgen-cli ${have:-missing}, need $want: cargo install wasm-bindgen-cli --version $want --locked"
    log "installing wasm-bindgen-cli $want (found: ${have:-none})"
    cargo install wasm-bindgen-cli --version "$want" --locked --force \
        || install_wasm_bindgen_patched "$want" \
        || cargo install wasm-bindgen-cli --version "$want" --force
    WBG_VERSION="$want"
}

ensure_trunk
ensure_wasm_bindgen
if [[ "${1:-}" == tools ]]; then
    log "trunk $(trunk --version | awk '{print $2}'), wasm-bindgen $WBG_VERSION: ready"
    exit 0
fi

# ---------------------------------------------------------------- toolchain
mode=""
# rustup hangs (instead of failing) when it cannot download: always a timeout.
std_libdir="$(timeout 10 rustc --print target-libdir --target "$TARGET" 2>/dev/null || true)"
if [[ "${WEB_FORCE_DEBIAN:-}" != 1 && -n "$std_libdir" && -d "$std_libdir" ]] \
    && compgen -G "$std_libdir/libstd-*.rlib" >/dev/null; then
    mode="standard"
    rustc_desc="$(timeout 10 rustc --version)"
else
    deb_rustc=/usr/bin/rustc
    [[ -x "$deb_rustc" ]] || die "no $TARGET std for rustc and no $deb_rustc: apt-get install -y rustc-web rust-web-src (or rustup target add $TARGET)"
    deb_sysroot="$("$deb_rustc" --print sysroot)"
    [[ -d "$deb_sysroot/lib/rustlib/src/rust/library/std" ]] \
        || die "std sources missing under $deb_sysroot/lib/rustlib/src: apt-get install -y rust-web-src"
    # rust-lld comes from the rustup toolchain: find it BEFORE switching RUSTC.
    host="$(timeout 10 rustc -vV | sed -n 's/^host: //p')"
    sysroot="$(timeout 10 rustc --print sysroot)"
    lld="$sysroot/lib/rustlib/$host/bin/rust-lld"
    [[ -x "$lld" ]] || lld="$(command -v rust-lld || command -v wasm-ld || true)"
    [[ -n "$lld" && -x "$lld" ]] || die "no rust-lld/wasm-ld found to link wasm"

    mode="debian-build-std"
    export RUSTC="$deb_rustc"
    export RUSTC_BOOTSTRAP=1
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld"
    rustc_desc="$("$deb_rustc" --version)"
fi

log "mode:         $mode"
log "rustc:        $rustc_desc"
log "target dir:   $CARGO_TARGET_DIR"
log "trunk:        $(trunk --version)"
log "wasm-bindgen: $(wasm-bindgen --version) (Cargo.lock: $WBG_VERSION)"

# ---------------------------------------------------------------- build
# trunk runs cargo --offline, so every crate must be in ~/.cargo/registry
# first. In debian mode that includes std's own dependencies, which
# -Zbuild-std resolves from crates.io: fetch with the build-std env set, and
# plain `cargo fetch` (all platforms) for host proc-macro crates. Harmless
# when cached.
if [[ "$mode" == debian-build-std ]]; then
    fetch_env=(env -u RUSTC -u RUSTC_BOOTSTRAP -u CARGO_UNSTABLE_BUILD_STD)
else
    fetch_env=(env)
fi
"${fetch_env[@]}" cargo fetch --quiet || log "cargo fetch failed (offline?); relying on the cache"
cargo fetch --quiet --target "$TARGET" || log "cargo fetch --target $TARGET failed (offline?); relying on the cache"

dist="${WEB_DIST:-$web_dir/dist}"
# trunk's --release/--offline take an optional value: pass it explicitly so
# a following argument is not swallowed as that value.
if [[ "${1:-}" == serve ]]; then
    shift
    # Its own output dir: trunk serve adds a live-reload script to
    # index.html, which must not end up in the build the API serves.
    exec trunk serve --release=true --offline=true --dist "${WEB_DIST:-$CARGO_TARGET_DIR/serve-dist}" "$@"
fi

start=$(date +%s)
trunk build --release=true --offline=true --dist "$dist" "$@"
end=$(date +%s)

# Pre-compressed copies: the server sends `x.gz` for `x` to browsers that
# accept gzip (the wasm shrinks to about a quarter).
for f in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css; do
    [[ -e "$f" ]] && gzip -9 -n -k -f "$f"
done
for f in "$dist"/*.wasm; do
    [[ -e "$f" ]] || die "no .wasm produced in $dist"
    log "output:       $f  raw $(wc -c <"$f") B, gzip -9 $(wc -c <"$f.gz") B"
done
log "done in $((end - start)) s -> $dist"
