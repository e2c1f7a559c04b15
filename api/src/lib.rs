//! auth-server: an OAuth 2.0 / OpenID Connect authorization server.
//!
//! Layers, arrows pointing down only: `http` (poem) → `oauth` (the
//! protocol) → `domain` → `storage`; beside them `config`, `clock`,
//! `keys`, `mail`, `password`, `secrets`, `startup` and `telemetry`.

pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod http;
pub mod import;
pub mod keys;
pub mod mail;
pub mod oauth;
pub mod password;
pub mod secrets;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;
