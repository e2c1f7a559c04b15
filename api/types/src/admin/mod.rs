//! The admin API's views and inputs, one file per resource.

pub mod audit;
pub mod clients;
pub mod roles;
pub mod service_keys;
pub mod users;
