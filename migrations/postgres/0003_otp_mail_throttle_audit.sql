-- One-time codes, authenticator apps, the mail queue, throttling, the audit
-- log and first-use notifications. Same shapes as the SQLite migration of
-- the same number.

-- Authenticator app (TOTP): the secret being enrolled, the confirmed one
-- (both sealed like signing keys when KEY_ENCRYPTION_KEY is set), and the
-- last time step accepted, so no code is accepted twice.
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at BIGINT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- Mailed one-time codes: an HMAC of the code under a server secret (a
-- million possible codes make a bare hash worthless), single use, voided
-- after five wrong tries.
CREATE TABLE otp_codes (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_mac        TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    used_at         BIGINT
);
CREATE INDEX otp_codes_user ON otp_codes (user_id, created_at);

-- Mail leaves from here, off the request path. A sender claims a row by
-- setting claimed_by/claimed_until; only one replica sends a given mail.
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_by      TEXT,
    claimed_until   BIGINT,
    sent_at         BIGINT,
    last_error      TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);

-- Failed attempts per key (a user, an address, a user at an address), and
-- until when the key is held back. Shared by every replica.
CREATE TABLE throttle (
    key             TEXT PRIMARY KEY,
    failures        BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    blocked_until   BIGINT NOT NULL DEFAULT 0
);

-- Addresses a user signed in from successfully, recently: a stranger's
-- guesses elsewhere do not hold the owner back there.
CREATE TABLE known_addresses (
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    ip              TEXT NOT NULL,
    last_seen_at    BIGINT NOT NULL,
    PRIMARY KEY (user_id, ip)
);

-- The audit log. Ids sort by time (written by the server), so they are the
-- pagination cursor. No secret is ever written here.
CREATE TABLE audit_log (
    id              TEXT PRIMARY KEY,
    at              BIGINT NOT NULL,
    event           TEXT NOT NULL,
    actor           TEXT NOT NULL,
    user_id         TEXT,
    client_id       TEXT,
    ip              TEXT,
    user_agent      TEXT,
    detail          TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_id, id);
CREATE INDEX audit_log_client ON audit_log (client_id, id);
CREATE INDEX audit_log_event ON audit_log (event, id);

-- The first time tokens were issued to a client on a user's behalf (for
-- the "new app" notification).
CREATE TABLE user_clients (
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id       TEXT NOT NULL,
    first_issued_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, client_id)
);
