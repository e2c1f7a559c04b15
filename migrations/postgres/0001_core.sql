-- Core schema. Times are epoch seconds (BIGINT), ids are TEXT, flags are
-- 0/1 integers, lists are JSON text: the same shapes as the SQLite
-- migration of the same number, so one set of queries serves both.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    email           TEXT NOT NULL DEFAULT '',
    email_verified  BIGINT NOT NULL DEFAULT 0,
    first_name      TEXT NOT NULL DEFAULT '',
    last_name       TEXT NOT NULL DEFAULT '',
    password_hash   TEXT NOT NULL,
    disabled        BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE roles (
    name            TEXT PRIMARY KEY,
    description     TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL
);

CREATE TABLE user_roles (
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            TEXT NOT NULL REFERENCES roles(name) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE clients (
    id                          TEXT PRIMARY KEY,
    name                        TEXT NOT NULL,
    client_type                 TEXT NOT NULL CHECK (client_type IN ('confidential', 'public')),
    secret_hash                 TEXT,
    grant_types                 TEXT NOT NULL,
    redirect_uris               TEXT NOT NULL,
    post_logout_redirect_uris   TEXT NOT NULL,
    allowed_origins             TEXT NOT NULL,
    scope                       TEXT NOT NULL,
    skip_consent                BIGINT NOT NULL DEFAULT 0,
    created_at                  BIGINT NOT NULL,
    updated_at                  BIGINT NOT NULL
);

CREATE TABLE service_keys (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    key_hash        TEXT NOT NULL UNIQUE,
    scope           TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    revoked_at      BIGINT
);

CREATE TABLE signing_keys (
    kid             TEXT PRIMARY KEY,
    alg             TEXT NOT NULL,
    private_key     TEXT NOT NULL,
    public_jwk      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    retired_at      BIGINT
);

CREATE TABLE server_secrets (
    name            TEXT PRIMARY KEY,
    value           TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

-- One row per refresh token ever issued. A family is one login: every
-- rotation adds a row with the same family_id and marks its parent used.
CREATE TABLE refresh_tokens (
    id              TEXT PRIMARY KEY,
    token_hash      TEXT NOT NULL UNIQUE,
    family_id       TEXT NOT NULL,
    client_id       TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scope           TEXT NOT NULL,
    policies        TEXT NOT NULL,
    auth_time       BIGINT NOT NULL,
    issued_at       BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT,
    successor_id    TEXT,
    revoked_at      BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_client ON refresh_tokens (user_id, client_id);
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at);

-- Access tokens are self-contained JWTs; the ones revoked before their
-- expiry are listed here by jti until they would have expired anyway.
CREATE TABLE revoked_access_tokens (
    jti             TEXT PRIMARY KEY,
    expires_at      BIGINT NOT NULL
);
CREATE INDEX revoked_access_tokens_expiry ON revoked_access_tokens (expires_at);
