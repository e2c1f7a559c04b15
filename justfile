# auth-server tasks. `just --list` shows them.

set shell := ["bash", "-euo", "pipefail", "-c"]

# PostgreSQL the tests use when it answers (override with TEST_DATABASE_URL).
pg_url := env_var_or_default("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

default:
    @just --list

# Run the server on SQLite (data/auth.db) with the demo users, client and service key.
run:
    cargo build --release -p auth-server
    ./target/release/auth-server migrate
    ./target/release/auth-server seed-demo-users
    @echo "Swagger UI: http://127.0.0.1:8000/docs   (Ctrl-C stops the server)"
    ./target/release/auth-server serve

# Every test: unit and integration on SQLite, then again on PostgreSQL when it answers.
test:
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

# Load-test a running server (see README, Performance).
bench *ARGS:
    cargo run --release -q -p bench -- {{ARGS}}
