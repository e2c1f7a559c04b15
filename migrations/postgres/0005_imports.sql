-- Rows brought in from another system by `auth-server import-django`: which
-- of our users and clients came from there, so that a second import knows
-- its own rows (nothing new) from rows that were here before (conflicts,
-- refused without --overwrite). Same shapes as the SQLite migration of the same
-- number.
CREATE TABLE imported_rows (
    source          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    target_key      TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    imported_at     BIGINT NOT NULL,
    PRIMARY KEY (source, kind, target_key)
);
