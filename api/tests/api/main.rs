//! The integration suite: one binary, real servers over HTTP, on SQLite or
//! (with `TEST_DATABASE_URL`) PostgreSQL.

mod account;
mod admin;
mod cli;
mod client_credentials;
mod helpers;
mod integrator;
mod introspection;
mod key_rotation;
mod malformed;
mod openapi;
mod ops;
mod password_grant;
mod refresh;
mod replicas;
mod revocation;
mod smoke;
mod validate_token;
