#!/usr/bin/env bash
# Starts a release server on a fresh database with the demo data, runs the
# load generator against it, and stops it:
#
#   bench/run.sh sqlite   [load args…]     # a temporary SQLite file
#   bench/run.sh postgres [load args…]     # a temporary PostgreSQL database
#                                          # (BENCH_PG, default postgres://postgres@127.0.0.1:5432/postgres)
#
# e.g. bench/run.sh sqlite --duration 10 --concurrency 16
#      bench/run.sh postgres --scenario flood --concurrency 2
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:?usage: bench/run.sh sqlite|postgres [load args]}"
shift
port="${BENCH_PORT:-18400}"
cargo build --release -q -p auth-server -p bench
# The binaries themselves (CARGO_TARGET_DIR honoured), so that stopping the
# server stops it, not a `cargo run` wrapped around it.
target="$(cargo metadata --format-version 1 --no-deps \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
bin() { "$target/release/$2" "${@:3}"; }
tmp="$(mktemp -d)"
case "$backend" in
    sqlite) export DATABASE_URL="sqlite://$tmp/bench.db?mode=rwc" ;;
    postgres)
        admin="${BENCH_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
        db="bench_$$"
        psql "$admin" -qc "CREATE DATABASE $db"
        export DATABASE_URL="${admin%/*}/$db"
        ;;
    *) echo "backend must be sqlite or postgres" >&2; exit 2 ;;
esac
export BIND_ADDR="127.0.0.1:$port" ISSUER="http://127.0.0.1:$port" RUST_LOG=warn \
    MAIL_OUTBOX="$tmp/outbox" WEB_DIST=/nonexistent
bin auth-server auth-server seed-demo-users --json >/dev/null
# Started directly, not through `bin`: `$!` of a backgrounded shell function
# is the subshell's, and killing it would leave the server running.
"$target/release/auth-server" serve &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    if [ "$backend" = postgres ]; then psql "$admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
echo "== $backend"
bin bench load --base "http://127.0.0.1:$port" "$@"
