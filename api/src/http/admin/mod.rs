//! The admin API: clients, users, service keys and roles, for a bearer
//! token of a user with role `admin`.

pub mod audit;
pub mod clients;
pub mod roles;
pub mod service_keys;
pub mod users;

use poem_openapi::ApiResponse;
use poem_openapi::payload::Json;
use poem_openapi::types::{ParseFromJSON, ToJSON};

/// 201 with the created resource.
#[derive(ApiResponse)]
pub enum Created<T: ToJSON + ParseFromJSON + Send + Sync> {
    /// Created.
    #[oai(status = 201)]
    Created(Json<T>),
}

/// 204 after a delete.
#[derive(ApiResponse)]
pub enum Deleted {
    /// Deleted (or revoked).
    #[oai(status = 204)]
    Deleted,
}
