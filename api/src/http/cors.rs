//! CORS (the Fetch standard's CORS protocol) for the endpoints browser
//! apps of registered clients call from their own origins: the token,
//! userinfo and revocation endpoints and the signed-in user's API.
//!
//! An origin is allowed when some client lists it among its allowed
//! origins (by default the origins of its redirect URIs). The allowed
//! origin is echoed, never `*`, and no credentials are allowed: these
//! calls carry bearer tokens or client credentials, not cookies.

use std::sync::Arc;

use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response, Result};

use super::middleware::json_error;
use crate::state::SharedState;

/// Paths browser apps may call cross-origin.
pub fn is_cors_path(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    matches!(
        path,
        "/oauth2/token"
            | "/oauth2/userinfo"
            | "/oauth2/revoke"
            | "/api/profile"
            | "/api/userinfo"
            | "/api/logout"
            | "/api/roles"
    ) || path == "/api/account"
        || path.starts_with("/api/account/")
}

const ALLOWED_HEADERS: &str = "Authorization, Content-Type";
const ALLOWED_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
/// How long a browser may cache a preflight answer, in seconds.
const MAX_AGE: &str = "600";

pub async fn cors<E: Endpoint>(ep: Arc<E>, req: Request, state: SharedState) -> Result<Response> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let Some(origin) = origin.filter(|_| is_cors_path(req.uri().path())) else {
        return ep.call(req).await.map(IntoResponse::into_response);
    };
    let allowed = match state.store.is_allowed_origin(&origin).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "CORS origin lookup failed");
            return Ok(json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                "the server could not complete the request",
            ));
        }
    };
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        if !allowed {
            tracing::info!(origin = %crate::telemetry::untrusted(&origin), "CORS preflight refused");
            return Ok(json_error(
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                "this origin is not allowed by any registered client",
            ));
        }
        let mut resp = Response::builder().status(StatusCode::NO_CONTENT).finish();
        allow(&mut resp, &origin);
        let h = resp.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOWED_METHODS),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOWED_HEADERS),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(MAX_AGE),
        );
        return Ok(resp);
    }
    let mut resp = ep.call(req).await?.into_response();
    if allowed {
        allow(&mut resp, &origin);
    } else {
        // The answer still varies by origin for caches.
        resp.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    Ok(resp)
}

fn allow(resp: &mut Response, origin: &str) {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("WWW-Authenticate, Retry-After"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_browser_facing_endpoints_speak_cors() {
        for p in [
            "/oauth2/token",
            "/oauth2/userinfo",
            "/oauth2/revoke/",
            "/api/account/grants",
            "/api/account/authenticator/confirm",
            "/api/profile/",
        ] {
            assert!(is_cors_path(p), "{p}");
        }
        for p in [
            "/oauth2/introspect",
            "/api/admin/users",
            "/api/token/password",
            "/api/accounts",
        ] {
            assert!(!is_cors_path(p), "{p}");
        }
    }
}
