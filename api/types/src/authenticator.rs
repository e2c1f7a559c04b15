//! Authenticator apps (TOTP) on `/api/account/authenticator`.

use serde::{Deserialize, Serialize};

/// What to add to an authenticator app; shown once.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct EnrollmentBody {
    /// The secret in base32, to type into the app.
    pub secret: String,
    /// `otpauth://totp/{issuer}:{username}?secret=…&issuer=…`
    pub otpauth_uri: String,
    /// The URI as a QR code: `data:image/png;base64,…`.
    pub qr_png: String,
}

/// Whether the caller has an authenticator.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct AuthenticatorStatus {
    /// A confirmed authenticator: password logins need its code.
    pub enabled: bool,
    /// When it was confirmed (seconds since the epoch).
    #[cfg_attr(feature = "openapi", oai(skip_serializing_if_is_none))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled_at: Option<i64>,
    /// An enrollment was started and not yet confirmed.
    pub pending: bool,
}

#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct CodeBody {
    /// The 6-digit code the app shows now.
    #[cfg_attr(feature = "openapi", oai(write_only))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otp: Option<String>,
}

/// Either proves it is the account's owner.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct RemovalBody {
    #[cfg_attr(feature = "openapi", oai(write_only))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// A current code of the authenticator.
    #[cfg_attr(feature = "openapi", oai(write_only))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otp: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct Confirmed {
    /// Always true: password logins now need the app's code.
    pub enabled: bool,
}
