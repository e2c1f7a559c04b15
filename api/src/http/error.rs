//! Errors on the wire: `{"error", "error_description"}` with the status the
//! RFCs (OAuth) or the contract (JSON APIs) give, and `WWW-Authenticate` on
//! every 401.

use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};

use crate::domain::ApiError;
use crate::oauth::error::OAuthError;

/// RFC 6749 §5.2 error body, used for every error of `/api` and `/oauth2`.
#[derive(Object, Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `invalid_request`.
    pub error: String,
    /// What went wrong, for a developer.
    pub error_description: String,
}

impl ErrorBody {
    pub fn new(error: &str, description: &str) -> Json<Self> {
        Json(Self {
            error: error.to_string(),
            error_description: description.to_string(),
        })
    }
}

/// The error half of every JSON endpoint's `Result`.
#[derive(ApiResponse, Debug)]
pub enum ErrorResponse {
    /// The request is malformed or breaks a rule.
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// Missing or invalid credentials.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// The credentials are valid but not enough.
    #[oai(status = 403)]
    Forbidden(Json<ErrorBody>),
    /// No such resource.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// The resource exists already.
    #[oai(status = 409)]
    Conflict(Json<ErrorBody>),
    /// A failure of the server; details are in its log.
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
}

impl From<ApiError> for ErrorResponse {
    fn from(e: ApiError) -> Self {
        let body = ErrorBody::new(e.code(), e.description());
        match e.status() {
            400 => ErrorResponse::BadRequest(body),
            401 => {
                let challenge = match e.code() {
                    "invalid_service_key" => r#"ServiceKey realm="auth-server""#.to_string(),
                    code => bearer_challenge(code),
                };
                ErrorResponse::Unauthorized(body, challenge)
            }
            403 => ErrorResponse::Forbidden(body),
            404 => ErrorResponse::NotFound(body),
            409 => ErrorResponse::Conflict(body),
            _ => ErrorResponse::Internal(body),
        }
    }
}

impl From<OAuthError> for ErrorResponse {
    fn from(e: OAuthError) -> Self {
        let body = ErrorBody::new(e.code(), e.description());
        match &e {
            OAuthError::InvalidClient(_) => {
                ErrorResponse::Unauthorized(body, r#"Basic realm="auth-server""#.to_string())
            }
            OAuthError::InvalidToken(_) => {
                ErrorResponse::Unauthorized(body, bearer_challenge(e.code()))
            }
            OAuthError::InsufficientScope(_) => ErrorResponse::Forbidden(body),
            OAuthError::ServerError => ErrorResponse::Internal(body),
            _ => ErrorResponse::BadRequest(body),
        }
    }
}

impl From<crate::storage::StoreError> for ErrorResponse {
    fn from(e: crate::storage::StoreError) -> Self {
        ApiError::from(e).into()
    }
}

/// RFC 6750 §3: `Bearer realm="…", error="…"`.
pub fn bearer_challenge(code: &str) -> String {
    format!(r#"Bearer realm="auth-server", error="{code}""#)
}

/// A parse error from poem as a description without the values it quotes
/// (which may be a password sent with the wrong type): double-quoted
/// strings, backquoted values and the unquoted values of poem-openapi's
/// "Expected input type …, found VALUE." (`[123456]`) go; backquoted names
/// (`Content-Type`, `username`) stay.
pub fn describe_parse_error(err: &poem::Error) -> String {
    let msg = without_found_values(&err.to_string());
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg.as_str();
    while let Some(i) = rest.find(['`', '"']) {
        out.push_str(&rest[..i]);
        let quote = &rest[i..i + 1];
        let after = &rest[i + 1..];
        let Some(end) = after.find(quote) else {
            rest = "";
            break;
        };
        let inner = &after[..end];
        let is_name = quote == "`"
            && inner.len() <= 40
            && inner.starts_with(|c: char| c.is_ascii_alphabetic())
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if is_name {
            out.push('`');
            out.push_str(inner);
            out.push('`');
        } else {
            out.push('…');
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    let out = out.trim();
    if out.is_empty() {
        "the request could not be parsed".into()
    } else {
        out.chars().take(300).collect()
    }
}

/// `…, found VALUE. (occurred while parsing …)` → `…, found …. (occurred…`:
/// the value runs to the next "occurred while" note or the end.
fn without_found_values(msg: &str) -> String {
    const FOUND: &str = "found ";
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(FOUND) {
        out.push_str(&rest[..i + FOUND.len()]);
        out.push('…');
        let after = &rest[i + FOUND.len()..];
        let end = after
            .find(". (occurred")
            .unwrap_or_else(|| after.trim_end().trim_end_matches('.').len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_lose_their_quoted_values() {
        let e = poem::Error::from_string(
            "parse error: invalid type: integer `123456`, expected a string",
            poem::http::StatusCode::BAD_REQUEST,
        );
        let d = describe_parse_error(&e);
        assert!(!d.contains("123456"), "{d}");
        assert!(d.contains("expected a string"));
        let e = poem::Error::from_string(
            "invalid value: string \"hunter2\", missing field `username`",
            poem::http::StatusCode::BAD_REQUEST,
        );
        let d = describe_parse_error(&e);
        assert!(!d.contains("hunter2"), "{d}");
        assert!(d.contains("`username`"), "{d}");
        let e = poem::Error::from_string(
            "parse request payload error: Expected input type \"string\", found [123456]. \
             (occurred while parsing \"PasswordLogin\")",
            poem::http::StatusCode::BAD_REQUEST,
        );
        let d = describe_parse_error(&e);
        assert!(!d.contains("123456"), "{d}");
        assert!(
            d.contains("Expected input type") && d.contains("occurred while parsing"),
            "{d}"
        );
    }
}
