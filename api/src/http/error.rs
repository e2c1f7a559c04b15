//! Errors on the wire: `{"error", "error_description"}` with the status the
//! RFCs (OAuth) or the contract (JSON APIs) give, and `WWW-Authenticate` on
//! every 401.

use poem_openapi::ApiResponse;
use poem_openapi::payload::Json;
use poem_openapi::types::{ParseFromJSON, ToJSON};

use crate::domain::ApiError;
use crate::oauth::error::{OAuthError, REALM};

pub use auth_api_types::ErrorBody;

/// The JSON payload of an error.
pub fn error_body(error: &str, description: &str) -> Json<ErrorBody> {
    Json(ErrorBody::new(error, description))
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
    /// The credentials are valid but not enough (`insufficient_scope` names
    /// the scope in `WWW-Authenticate`).
    #[oai(status = 403)]
    Forbidden(
        Json<ErrorBody>,
        #[oai(header = "WWW-Authenticate")] Option<String>,
    ),
    /// No such resource.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// The resource exists already, or the change would break a rule of the
    /// stored data (the last enabled admin).
    #[oai(status = 409)]
    Conflict(Json<ErrorBody>),
    /// It is over: an expired or finished interaction.
    #[oai(status = 410)]
    Gone(Json<ErrorBody>),
    /// Too many attempts; retry after `Retry-After` seconds.
    #[oai(status = 429)]
    TooManyRequests(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    /// A failure of the server; details are in its log.
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// The server is busy; retry after `Retry-After` seconds.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
}

impl ErrorResponse {
    /// The one mapping from a status, code, description and headers to the
    /// wire; both error types go through it.
    fn build(
        status: u16,
        code: &str,
        description: &str,
        challenge: Option<String>,
        retry_after: Option<u64>,
    ) -> Self {
        let body = error_body(code, description);
        let retry = retry_after.unwrap_or(1);
        match status {
            400 => ErrorResponse::BadRequest(body),
            401 => ErrorResponse::Unauthorized(
                body,
                challenge.unwrap_or_else(|| format!(r#"Bearer realm="{REALM}""#)),
            ),
            403 => ErrorResponse::Forbidden(body, challenge),
            404 => ErrorResponse::NotFound(body),
            409 => ErrorResponse::Conflict(body),
            410 => ErrorResponse::Gone(body),
            429 => ErrorResponse::TooManyRequests(body, retry),
            503 => ErrorResponse::Unavailable(body, retry),
            _ => ErrorResponse::Internal(body),
        }
    }
}

impl From<ApiError> for ErrorResponse {
    fn from(e: ApiError) -> Self {
        let challenge = match e.code() {
            "invalid_service_key" => Some(format!(r#"ServiceKey realm="{REALM}""#)),
            "invalid_token" => Some(format!(r#"Bearer realm="{REALM}", error="invalid_token""#)),
            _ => None,
        };
        Self::build(
            e.status(),
            e.code(),
            e.description(),
            challenge,
            e.retry_after(),
        )
    }
}

impl From<OAuthError> for ErrorResponse {
    fn from(e: OAuthError) -> Self {
        Self::build(
            e.status(),
            e.code(),
            e.description(),
            e.challenge(),
            e.retry_after(),
        )
    }
}

impl From<crate::storage::StoreError> for ErrorResponse {
    fn from(e: crate::storage::StoreError) -> Self {
        ApiError::from(e).into()
    }
}

/// The token, revocation and introspection endpoints: success and every
/// RFC 6749 §5.2 error in one type, so that a request that does not even
/// parse still answers `invalid_request` (through `oauth_bad_request`).
#[derive(ApiResponse)]
#[oai(bad_request_handler = "oauth_bad_request")]
pub enum OAuthResponse<T: ParseFromJSON + ToJSON + Send + Sync> {
    /// Success.
    #[oai(status = 200)]
    Ok(Json<T>),
    /// `invalid_request`, `invalid_grant`, `unauthorized_client`,
    /// `unsupported_grant_type`, `invalid_scope`, `unsupported_token_type`
    /// or `otp_required` (the user's authenticator code is due).
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// `invalid_client`: the client did not authenticate.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// Too many failed attempts by this user or from this address; retry
    /// after `Retry-After` seconds.
    #[oai(status = 429)]
    TooManyRequests(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
    /// The server failed; nothing was issued or changed.
    #[oai(status = 500)]
    ServerError(Json<ErrorBody>),
    /// The server is busy (password checks queue full); retry after
    /// `Retry-After` seconds.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>, #[oai(header = "Retry-After")] u64),
}

fn oauth_bad_request<T: ParseFromJSON + ToJSON + Send + Sync>(
    err: poem::Error,
) -> OAuthResponse<T> {
    OAuthResponse::BadRequest(error_body("invalid_request", &describe_parse_error(&err)))
}

impl<T: ParseFromJSON + ToJSON + Send + Sync> From<ErrorResponse> for OAuthResponse<T> {
    /// The protocol endpoints know only 400, 401, 429, 500 and 503: anything
    /// else a shared check produced is a bad request here.
    fn from(e: ErrorResponse) -> Self {
        match e {
            ErrorResponse::Unauthorized(b, h) => OAuthResponse::Unauthorized(b, h),
            ErrorResponse::Internal(b) => OAuthResponse::ServerError(b),
            ErrorResponse::Unavailable(b, r) => OAuthResponse::Unavailable(b, r),
            ErrorResponse::TooManyRequests(b, r) => OAuthResponse::TooManyRequests(b, r),
            ErrorResponse::BadRequest(b)
            | ErrorResponse::Forbidden(b, _)
            | ErrorResponse::NotFound(b)
            | ErrorResponse::Conflict(b)
            | ErrorResponse::Gone(b) => OAuthResponse::BadRequest(b),
        }
    }
}

impl<T: ParseFromJSON + ToJSON + Send + Sync> From<OAuthError> for OAuthResponse<T> {
    fn from(e: OAuthError) -> Self {
        ErrorResponse::from(e).into()
    }
}

impl<T: ParseFromJSON + ToJSON + Send + Sync> From<Result<T, OAuthError>> for OAuthResponse<T> {
    fn from(r: Result<T, OAuthError>) -> Self {
        match r {
            Ok(t) => OAuthResponse::Ok(Json(t)),
            Err(e) => e.into(),
        }
    }
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

/// A body field that must be present and not empty.
pub(super) fn required(v: Option<String>, name: &str) -> Result<String, ErrorResponse> {
    v.filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::invalid_request(format!("{name} is required")).into())
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
