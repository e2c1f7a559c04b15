//! The domain: users (passwords, authenticator apps), roles, clients,
//! service keys, scopes and demo data, above storage and below the
//! protocol and HTTP layers. Every state change is one function here
//! taking a [`Context`] (who acts, from where, when).

pub mod audit;
pub mod authenticator;
pub mod authn;
pub mod client_secrets;
pub mod clients;
pub mod consents;
pub mod context;
pub mod error;
pub mod imports;
pub mod notify;
pub mod otp;
pub mod roles;
pub mod scopes;
pub mod seed;
pub mod service_keys;
pub mod sessions;
pub mod throttle;
pub mod totp;
pub mod uris;
pub mod users;
pub mod web_client;

pub use crate::storage::{ClientType, GrantType};
pub use context::{Actor, Context};
pub use error::ApiError;
