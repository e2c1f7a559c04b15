//! `/api/admin/users`.

use serde::{Deserialize, Serialize};

/// A user as admins see it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct AdminUser {
    pub id: String,
    pub username: String,
    pub email: String,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    pub roles: Vec<String>,
    pub disabled: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct NewUser {
    /// Stored NFKC-normalised and lower-cased; unique in any case.
    pub username: String,
    #[cfg_attr(feature = "openapi", oai(default))]
    #[serde(default)]
    pub email: String,
    /// Whether the admin vouches for the address.
    #[cfg_attr(feature = "openapi", oai(default))]
    #[serde(default)]
    pub email_verified: bool,
    #[cfg_attr(feature = "openapi", oai(write_only))]
    pub password: String,
    #[cfg_attr(feature = "openapi", oai(default))]
    #[serde(default)]
    pub roles: Vec<String>,
    #[cfg_attr(feature = "openapi", oai(default))]
    #[serde(default)]
    pub first_name: String,
    #[cfg_attr(feature = "openapi", oai(default))]
    #[serde(default)]
    pub last_name: String,
}

/// Fields to change; those not sent stay as they are.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct UserChange {
    /// A new address is unverified unless `email_verified` is sent too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[cfg_attr(feature = "openapi", oai(write_only))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Replaces the user's roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// A disabled user cannot sign in; their tokens stop working.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}
