//! The integration suite: one binary, real servers over HTTP, on SQLite or
//! (with `TEST_DATABASE_URL`) PostgreSQL.

// The whole binary is test code: a failed unwrap is a failed test. (Clippy
// allows these in `#[test]` functions by itself, not in their helpers.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod abandoned_logins;
mod account;
mod account_grants;
pub mod admin;
mod audit;
mod authenticator;
mod browser;
mod cli;
mod client_auth;
mod client_credentials;
mod code_flow;
mod cors;
mod credentials_first;
mod django_compat;
mod django_import;
mod generated_clients;
mod helpers;
mod integrator;
mod introspection;
mod key_rotation;
mod limits;
mod logout;
mod mail;
mod malformed;
mod notifications;
mod one_time_codes;
mod openapi;
mod ops;
mod password_grant;
mod refresh;
mod refresh_races;
mod replicas;
mod revocation;
mod smoke;
mod spa;
mod support;
mod throttle;
mod token_lifetime;
mod usernames;
mod validate_token;
