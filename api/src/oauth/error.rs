//! The protocol's error type: variants named after the RFC error codes,
//! `Display` is the code on the wire. The one place that says which HTTP
//! status and which `WWW-Authenticate` challenge each error gets.

use std::fmt;

use crate::domain::ApiError;
use crate::domain::scopes::ScopeError;
use crate::storage::StoreError;

/// The realm of every challenge this server sends.
pub const REALM: &str = "auth-server";

/// RFC 6749 §5.2 (token endpoint), RFC 6750 §3.1 (bearer tokens) and
/// RFC 7009 §2.2.1 (revocation) error codes, each with a short description
/// safe to show the client. The real reason for an `invalid_grant` is logged
/// with `warn!` where it is decided, never sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OAuthError {
    InvalidRequest(String),
    /// Client authentication failed (401 with a Basic challenge).
    InvalidClient(String),
    InvalidGrant(String),
    /// The password was right, but the user has an authenticator app and
    /// the request carried no `otp` (400 `otp_required`, an extension code
    /// as RFC 6749 §8.5 allows).
    OtpRequired(String),
    UnauthorizedClient(String),
    UnsupportedGrantType(String),
    InvalidScope(String),
    AccessDenied(String),
    UnsupportedTokenType(String),
    /// RFC 6750 §3.1: no bearer token at all. Answered 401 with a challenge
    /// that names no error (the body still says `invalid_token`).
    MissingToken,
    /// RFC 6750 §3.1: the bearer token is malformed, expired or revoked.
    InvalidToken(String),
    /// RFC 6750 §3.1: the token lacks `scope`, which the resource needs.
    InsufficientScope {
        scope: String,
        description: String,
    },
    /// RFC 6749 §4.1.2.1: the server is overloaded; retry after a while.
    TemporarilyUnavailable {
        retry_after: u64,
    },
    /// Too many wrong passwords or codes from this user or address (RFC
    /// 6585 §4's 429); retry after a while.
    TooManyRequests {
        retry_after: u64,
    },
    /// A failure of ours; logged with context where it happens, answered 500.
    ServerError,
}

impl OAuthError {
    pub fn code(&self) -> &'static str {
        match self {
            OAuthError::InvalidRequest(_) => "invalid_request",
            OAuthError::InvalidClient(_) => "invalid_client",
            OAuthError::InvalidGrant(_) => "invalid_grant",
            OAuthError::OtpRequired(_) => "otp_required",
            OAuthError::UnauthorizedClient(_) => "unauthorized_client",
            OAuthError::UnsupportedGrantType(_) => "unsupported_grant_type",
            OAuthError::InvalidScope(_) => "invalid_scope",
            OAuthError::AccessDenied(_) => "access_denied",
            OAuthError::UnsupportedTokenType(_) => "unsupported_token_type",
            OAuthError::MissingToken | OAuthError::InvalidToken(_) => "invalid_token",
            OAuthError::InsufficientScope { .. } => "insufficient_scope",
            OAuthError::TemporarilyUnavailable { .. } => "temporarily_unavailable",
            OAuthError::TooManyRequests { .. } => "too_many_requests",
            OAuthError::ServerError => "server_error",
        }
    }

    pub fn description(&self) -> &str {
        match self {
            OAuthError::InvalidRequest(d)
            | OAuthError::InvalidClient(d)
            | OAuthError::InvalidGrant(d)
            | OAuthError::OtpRequired(d)
            | OAuthError::UnauthorizedClient(d)
            | OAuthError::UnsupportedGrantType(d)
            | OAuthError::InvalidScope(d)
            | OAuthError::AccessDenied(d)
            | OAuthError::UnsupportedTokenType(d)
            | OAuthError::InvalidToken(d)
            | OAuthError::InsufficientScope { description: d, .. } => d,
            OAuthError::MissingToken => "a bearer access token is required",
            OAuthError::TemporarilyUnavailable { .. } => {
                "the server is busy: try again in a moment"
            }
            OAuthError::TooManyRequests { .. } => {
                "too many failed attempts: wait before trying again"
            }
            OAuthError::ServerError => "the server could not complete the request",
        }
    }

    /// The HTTP status the RFCs give each code.
    pub fn status(&self) -> u16 {
        match self {
            OAuthError::InvalidClient(_)
            | OAuthError::InvalidToken(_)
            | OAuthError::MissingToken => 401,
            OAuthError::InsufficientScope { .. } => 403,
            OAuthError::TemporarilyUnavailable { .. } => 503,
            OAuthError::TooManyRequests { .. } => 429,
            OAuthError::ServerError => 500,
            _ => 400,
        }
    }

    /// The `WWW-Authenticate` challenge: RFC 6749 §5.2 for a client that
    /// failed to authenticate, RFC 6750 §3 for bearer-token errors.
    pub fn challenge(&self) -> Option<String> {
        match self {
            OAuthError::InvalidClient(_) => Some(format!(r#"Basic realm="{REALM}""#)),
            OAuthError::MissingToken => Some(format!(r#"Bearer realm="{REALM}""#)),
            OAuthError::InvalidToken(_) => Some(bearer_challenge("invalid_token", None)),
            OAuthError::InsufficientScope { scope, .. } => {
                Some(bearer_challenge("insufficient_scope", Some(scope)))
            }
            _ => None,
        }
    }

    /// Seconds a client should wait before retrying (`Retry-After`).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            OAuthError::TemporarilyUnavailable { retry_after }
            | OAuthError::TooManyRequests { retry_after } => Some(*retry_after),
            _ => None,
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
    /// The token lacks `scope`.
    pub fn insufficient_scope(scope: &str, description: impl Into<String>) -> Self {
        OAuthError::InsufficientScope {
            scope: scope.into(),
            description: description.into(),
        }
    }
}

/// RFC 6750 §3: `Bearer realm="…", error="…"[, scope="…"]`.
fn bearer_challenge(code: &str, scope: Option<&str>) -> String {
    match scope {
        Some(s) => format!(r#"Bearer realm="{REALM}", error="{code}", scope="{s}""#),
        None => format!(r#"Bearer realm="{REALM}", error="{code}""#),
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for OAuthError {}

impl From<ScopeError> for OAuthError {
    fn from(e: ScopeError) -> Self {
        OAuthError::invalid_scope(e.to_string())
    }
}

impl From<StoreError> for OAuthError {
    fn from(e: StoreError) -> Self {
        ApiError::from(e).into()
    }
}

/// A domain failure met while serving a protocol request: the domain's
/// refusals keep their description, its busy and internal failures become
/// the protocol's.
impl From<ApiError> for OAuthError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::BadRequest { description, .. } => OAuthError::InvalidRequest(description),
            ApiError::Unavailable { retry_after } => {
                OAuthError::TemporarilyUnavailable { retry_after }
            }
            ApiError::TooManyRequests { retry_after } => {
                OAuthError::TooManyRequests { retry_after }
            }
            ApiError::Internal => OAuthError::ServerError,
            other => {
                tracing::error!(error = %other, "unexpected domain error in the protocol layer");
                OAuthError::ServerError
            }
        }
    }
}

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

internal_from!(crate::keys::KeyError, crate::keys::KeyRingError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_statuses_and_challenges_follow_the_rfcs() {
        let e = OAuthError::invalid_client("x");
        assert_eq!(e.to_string(), "invalid_client");
        assert_eq!(e.status(), 401);
        assert_eq!(
            e.challenge().as_deref(),
            Some(r#"Basic realm="auth-server""#)
        );
        assert_eq!(OAuthError::invalid_grant("x").status(), 400);
        assert_eq!(OAuthError::invalid_grant("x").challenge(), None);
        assert_eq!(OAuthError::ServerError.status(), 500);
        assert_eq!(
            OAuthError::UnsupportedGrantType("x".into()).code(),
            "unsupported_grant_type"
        );
    }

    #[test]
    fn a_missing_token_is_challenged_without_an_error_code() {
        // RFC 6750 §3.1: a request without credentials gets no error code.
        let e = OAuthError::MissingToken;
        assert_eq!(e.status(), 401);
        assert_eq!(
            e.challenge().as_deref(),
            Some(r#"Bearer realm="auth-server""#)
        );
        let e = OAuthError::invalid_token("x");
        assert_eq!(
            e.challenge().as_deref(),
            Some(r#"Bearer realm="auth-server", error="invalid_token""#)
        );
    }

    #[test]
    fn insufficient_scope_is_403_and_names_the_scope() {
        let e = OAuthError::insufficient_scope("admin", "needs admin");
        assert_eq!(e.status(), 403);
        assert_eq!(
            e.challenge().as_deref(),
            Some(r#"Bearer realm="auth-server", error="insufficient_scope", scope="admin""#)
        );
    }

    #[test]
    fn a_busy_server_says_when_to_retry() {
        let e: OAuthError = ApiError::Unavailable { retry_after: 1 }.into();
        assert_eq!(e.status(), 503);
        assert_eq!(e.retry_after(), Some(1));
    }
}
