# auth-server tasks. `just --list` shows them.

set shell := ["bash", "-euo", "pipefail", "-c"]

# PostgreSQL the tests use when it answers (override with TEST_DATABASE_URL).
pg_url := env_var_or_default("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

default:
    @just --list

# The wasm toolchain is rustup's wasm32 std, or Debian's rustc-web sources (see web/build.sh).
# Build the SPA (web/) into web/dist with trunk.
web:
    web/build.sh

# Start the API with ISSUER=http://127.0.0.1:8080 so its redirects come back to the dev server.
# Run the SPA on trunk's dev server (:8080), proxying the API on :8000.
web-serve:
    web/build.sh serve

# Run the server on SQLite (data/auth.db) with the SPA and the demo users, client and service key.
run: web
    cargo run --release -q -p auth-server -- migrate
    cargo run --release -q -p auth-server -- seed-demo-users
    @echo "Sign in: http://127.0.0.1:8000/account   Swagger UI: http://127.0.0.1:8000/docs   (Ctrl-C stops the server)"
    cargo run --release -q -p auth-server -- serve

# Builds the SPA first; the integration suite runs again on PostgreSQL when it answers.
# Every test: unit, integration and browser (Chromium) on SQLite, then PostgreSQL.
test: web
    #!/usr/bin/env bash
    set -euo pipefail
    ran=()
    echo "== tests on SQLite"
    env -u TEST_DATABASE_URL cargo test --workspace --all-targets
    ran+=(sqlite)
    if [ -n "${TEST_DATABASE_URL:-}" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
        echo "== integration tests on PostgreSQL"
        TEST_DATABASE_URL="{{pg_url}}" cargo test -p auth-server --test api
        ran+=(postgres)
    else
        echo "== PostgreSQL does not answer on 127.0.0.1:5432 and TEST_DATABASE_URL is unset: skipped"
    fi
    if command -v docker-compose >/dev/null; then
        docker-compose -f docker-compose.yml config -q && echo "== docker-compose.yml is valid"
    fi
    echo "== backends tested: ${ran[*]}"

# Formatting and lints, as CI checks them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings

# Regenerate openapi/openapi.json from the code.
openapi:
    cargo run -q -p auth-server -- openapi > openapi/openapi.json
    @echo "openapi/openapi.json regenerated"

# Needs npm and python3 with venv; the generators are pinned and cached in <target>/clients-cache.
# Regenerate the TypeScript and Python clients in openapi/clients/ from openapi/openapi.json.
clients:
    openapi/clients/generate.sh
    @echo "openapi/clients regenerated from openapi/openapi.json"

# Every browser test, those waiting for issue 11 included, then docs/screenshots from target/screenshots.
screenshots: web
    #!/usr/bin/env bash
    set -euo pipefail
    cargo test -p auth-server --test api browser -- --include-ignored
    dir="${CARGO_TARGET_DIR:-target}/screenshots"
    for s in login login-dark consent account admin error; do
        [ -f "$dir/$s.png" ] && cp "$dir/$s.png" docs/screenshots/
    done
    echo "docs/screenshots updated from $dir"

# Load-test a running server (see README, Performance).
bench *ARGS:
    cargo run --release -q -p bench -- {{ARGS}}

# Start a release server on a fresh sqlite|postgres database with the demo data, load it, stop it.
bench-db BACKEND *ARGS:
    bench/run.sh {{BACKEND}} {{ARGS}}
