-- Refresh-token families as rows of their own, and usernames in their
-- canonical form. Same shapes as the SQLite migration of the same number.

-- One row per login. Rotation and revocation both write this row first, so
-- they serialise on it (see api/src/storage/refresh.rs).
CREATE TABLE refresh_families (
    id              TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT,
    revoked_at      BIGINT
);
CREATE INDEX refresh_families_user_client ON refresh_families (user_id, client_id);
CREATE INDEX refresh_families_client ON refresh_families (client_id);

INSERT INTO refresh_families (id, client_id, user_id, created_at, revoked_at)
SELECT family_id, MIN(client_id), MIN(user_id), MIN(issued_at), MAX(revoked_at)
FROM refresh_tokens GROUP BY family_id;

CREATE INDEX refresh_tokens_client ON refresh_tokens (client_id);

-- Usernames are compared without regard to case: they are stored folded.
UPDATE users SET username = lower(username);
