//! The signed-in user's own account: profile and connected apps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct Profile {
    pub username: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub roles: Vec<String>,
}

/// The fields to change; fields not sent stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct ProfileChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Cannot be changed; accepted only if equal to the current one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// An app the user granted access to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct ConnectedApp {
    pub client_id: String,
    pub client_name: String,
    /// The scopes granted.
    pub scopes: Vec<String>,
    /// The level chosen per levelled scope, e.g. `{"profile": "full"}`.
    pub policies: BTreeMap<String, String>,
    /// When the grant was first given (seconds since the epoch).
    pub granted_at: i64,
}
