//! The protocol's error type: variants named after the RFC error codes,
//! `Display` is the code on the wire.

use std::fmt;

/// RFC 6749 §5.2 (token endpoint), RFC 6750 §3.1 (bearer tokens) and
/// RFC 7009 §2.2.1 (revocation) error codes, each with a short description
/// safe to show the client. The real reason for an `invalid_grant` is logged
/// with `warn!` where it is decided, never sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OAuthError {
    InvalidRequest(String),
    /// Client authentication failed (401 with `WWW-Authenticate`).
    InvalidClient(String),
    InvalidGrant(String),
    UnauthorizedClient(String),
    UnsupportedGrantType(String),
    InvalidScope(String),
    AccessDenied(String),
    UnsupportedTokenType(String),
    /// RFC 6750 §3.1: the bearer token is missing, expired or revoked.
    InvalidToken(String),
    /// RFC 6750 §3.1: the token lacks a scope the resource needs.
    InsufficientScope(String),
    /// A failure of ours; logged with context where it happens, answered 500.
    ServerError,
}

impl OAuthError {
    pub fn code(&self) -> &'static str {
        match self {
            OAuthError::InvalidRequest(_) => "invalid_request",
            OAuthError::InvalidClient(_) => "invalid_client",
            OAuthError::InvalidGrant(_) => "invalid_grant",
            OAuthError::UnauthorizedClient(_) => "unauthorized_client",
            OAuthError::UnsupportedGrantType(_) => "unsupported_grant_type",
            OAuthError::InvalidScope(_) => "invalid_scope",
            OAuthError::AccessDenied(_) => "access_denied",
            OAuthError::UnsupportedTokenType(_) => "unsupported_token_type",
            OAuthError::InvalidToken(_) => "invalid_token",
            OAuthError::InsufficientScope(_) => "insufficient_scope",
            OAuthError::ServerError => "server_error",
        }
    }

    pub fn description(&self) -> &str {
        match self {
            OAuthError::InvalidRequest(d)
            | OAuthError::InvalidClient(d)
            | OAuthError::InvalidGrant(d)
            | OAuthError::UnauthorizedClient(d)
            | OAuthError::UnsupportedGrantType(d)
            | OAuthError::InvalidScope(d)
            | OAuthError::AccessDenied(d)
            | OAuthError::UnsupportedTokenType(d)
            | OAuthError::InvalidToken(d)
            | OAuthError::InsufficientScope(d) => d,
            OAuthError::ServerError => "the server could not complete the request",
        }
    }

    /// The HTTP status the RFCs give each code.
    pub fn status(&self) -> u16 {
        match self {
            OAuthError::InvalidClient(_) | OAuthError::InvalidToken(_) => 401,
            OAuthError::InsufficientScope(_) => 403,
            OAuthError::ServerError => 500,
            _ => 400,
        }
    }

    pub fn invalid_request(d: impl Into<String>) -> Self {
        OAuthError::InvalidRequest(d.into())
    }
    pub fn invalid_grant(d: impl Into<String>) -> Self {
        OAuthError::InvalidGrant(d.into())
    }
    pub fn invalid_client(d: impl Into<String>) -> Self {
        OAuthError::InvalidClient(d.into())
    }
    pub fn invalid_scope(d: impl Into<String>) -> Self {
        OAuthError::InvalidScope(d.into())
    }
    pub fn invalid_token(d: impl Into<String>) -> Self {
        OAuthError::InvalidToken(d.into())
    }
    pub fn unauthorized_client(d: impl Into<String>) -> Self {
        OAuthError::UnauthorizedClient(d.into())
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for OAuthError {}

/// Internal failures become a bare `server_error` after being logged here,
/// with their context, once.
macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for OAuthError {
            fn from(e: $t) -> Self {
                tracing::error!(error = %e, "internal failure");
                OAuthError::ServerError
            }
        }
    )*};
}
impl From<crate::storage::StoreError> for OAuthError {
    fn from(e: crate::storage::StoreError) -> Self {
        match e {
            crate::storage::StoreError::InvalidText => {
                OAuthError::invalid_request("the request contains characters that cannot be stored")
            }
            other => {
                tracing::error!(error = %other, "storage failure");
                OAuthError::ServerError
            }
        }
    }
}

internal_from!(
    crate::keys::KeyError,
    crate::keys::KeyRingError,
    crate::password::HashError
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses_follow_the_rfcs() {
        assert_eq!(
            OAuthError::invalid_client("x").to_string(),
            "invalid_client"
        );
        assert_eq!(OAuthError::invalid_client("x").status(), 401);
        assert_eq!(OAuthError::invalid_grant("x").status(), 400);
        assert_eq!(OAuthError::InsufficientScope("x".into()).status(), 403);
        assert_eq!(OAuthError::ServerError.status(), 500);
        assert_eq!(
            OAuthError::UnsupportedGrantType("x".into()).code(),
            "unsupported_grant_type"
        );
    }
}
