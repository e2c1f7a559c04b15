//! `/api/admin/clients`.

use serde::{Deserialize, Serialize};

/// A registered client (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct ClientView {
    pub client_id: String,
    pub name: String,
    /// `confidential` or `public`.
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    #[serde(rename = "type")]
    pub client_type: String,
    pub grant_types: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub allowed_origins: Vec<String>,
    pub scope: String,
    pub skip_consent: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct NewClient {
    pub name: String,
    /// `confidential` or `public`.
    #[cfg_attr(feature = "openapi", oai(rename = "type"))]
    #[serde(rename = "type")]
    pub client_type: String,
    pub grant_types: Vec<String>,
    #[cfg_attr(feature = "openapi", oai(default))]
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[cfg_attr(feature = "openapi", oai(default))]
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    /// Default: the origins of the redirect URIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<Vec<String>>,
    /// Default `openid profile email roles offline_access`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[cfg_attr(feature = "openapi", oai(default))]
    #[serde(default)]
    pub skip_consent: bool,
}

/// The client, and its secret shown this once (confidential clients).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct CreatedClient {
    pub client: ClientView,
    #[cfg_attr(feature = "openapi", oai(skip_serializing_if_is_none))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct ClientChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_logout_redirect_uris: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_consent: Option<bool>,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct NewSecret {
    pub client_secret: String,
}
