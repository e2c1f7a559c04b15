-- The authorization-code flow: interactions (the login/consent state
-- machine the SPA drives), browser sessions, remembered consents and
-- authorization codes. Same shapes as the PostgreSQL migration of the same
-- number.

-- One authorization request waiting for the user: short-lived, single use,
-- bound to the browser that started it (browser_hash: SHA-256 of the
-- browser cookie) and guarded by a CSRF token (csrf_hash).
CREATE TABLE interactions (
    id                      TEXT PRIMARY KEY,
    stage                   TEXT NOT NULL,
    client_id               TEXT NOT NULL,
    redirect_uri            TEXT NOT NULL,
    scope                   TEXT NOT NULL,
    state                   TEXT,
    nonce                   TEXT,
    code_challenge          TEXT,
    prompt                  TEXT NOT NULL DEFAULT '',
    max_age                 INTEGER,
    browser_hash            TEXT NOT NULL,
    csrf_hash               TEXT NOT NULL,
    user_id                 TEXT REFERENCES users(id) ON DELETE CASCADE,
    auth_time               INTEGER,
    amr                     TEXT NOT NULL DEFAULT '',
    session_id              TEXT,
    created_at              INTEGER NOT NULL,
    expires_at              INTEGER NOT NULL,
    completed_at            INTEGER
);
CREATE INDEX interactions_expiry ON interactions (expires_at);

-- A signed-in browser (the session cookie's SHA-256 is the id).
CREATE TABLE browser_sessions (
    id                      TEXT PRIMARY KEY,
    sid                     TEXT NOT NULL UNIQUE,
    user_id                 TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    auth_time               INTEGER NOT NULL,
    amr                     TEXT NOT NULL,
    created_at              INTEGER NOT NULL,
    expires_at              INTEGER NOT NULL,
    ended_at                INTEGER
);
CREATE INDEX browser_sessions_user ON browser_sessions (user_id);

-- What a user granted a client: scopes and a level per levelled scope.
CREATE TABLE consents (
    user_id                 TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id               TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    scope                   TEXT NOT NULL,
    policies                TEXT NOT NULL,
    granted_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    PRIMARY KEY (user_id, client_id)
);

-- Authorization codes, by SHA-256. A replayed code revokes what it issued:
-- the refresh-token family and the access token (by jti).
CREATE TABLE authorization_codes (
    code_hash               TEXT PRIMARY KEY,
    client_id               TEXT NOT NULL,
    user_id                 TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    redirect_uri            TEXT NOT NULL,
    scope                   TEXT NOT NULL,
    policies                TEXT NOT NULL,
    nonce                   TEXT,
    code_challenge          TEXT,
    auth_time               INTEGER NOT NULL,
    amr                     TEXT NOT NULL,
    sid                     TEXT,
    created_at              INTEGER NOT NULL,
    expires_at              INTEGER NOT NULL,
    used_at                 INTEGER,
    family_id               TEXT,
    access_jti              TEXT,
    access_expires_at       INTEGER
);
CREATE INDEX authorization_codes_expiry ON authorization_codes (expires_at);
