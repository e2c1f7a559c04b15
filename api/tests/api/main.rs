//! The integration suite: one binary, real servers over HTTP, on SQLite or
//! (with `TEST_DATABASE_URL`) PostgreSQL.

mod helpers;
mod smoke;
