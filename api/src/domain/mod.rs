//! The domain: users, clients, service keys and demo data, above storage
//! and below the protocol and HTTP layers.

pub mod clients;
pub mod error;
pub mod seed;
pub mod service_keys;
pub mod users;

pub use error::ApiError;
