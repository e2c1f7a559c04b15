//! Cross-cutting request handling, each piece one function used with
//! poem's `around`: trailing slashes, the body limit, JSON errors, headers,
//! metrics and the access log.

use std::sync::Arc;
use std::time::Instant;

use poem::http::{HeaderValue, StatusCode, header};
use poem::{Body, Endpoint, IntoResponse, Request, Response, Result};
use tokio::io::AsyncReadExt;

use super::error::ErrorBody;

/// What the API answers (JSON, errors included); everything else is the
/// docs and the SPA. One rule for routing, error bodies, trailing slashes
/// and caching.
pub fn is_api_path(path: &str) -> bool {
    ["/api", "/oauth2", "/.well-known"]
        .iter()
        .any(|p| is_under(path, p))
        || ["/healthz", "/readyz", "/metrics"].contains(&path.trim_end_matches('/'))
}

/// `prefix` itself or a path below it (`/api`, `/api/x`, not `/apix`).
fn is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Both `/api/x/` and `/api/x` reach `/api/x` (the Django system had the
/// slash; OAuth clients do not use one).
pub async fn trailing_slash<E: Endpoint>(ep: Arc<E>, mut req: Request) -> Result<Response> {
    let path = req.uri().path();
    if path.len() > 1 && path.ends_with('/') && is_api_path(path) {
        let trimmed = path.trim_end_matches('/').to_string();
        set_path(&mut req, &trimmed);
    }
    ep.call(req).await.map(IntoResponse::into_response)
}

/// Routes `req` to `path`, its query string kept.
pub(super) fn set_path(req: &mut Request, path: &str) {
    let pq = match req.uri().query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    if let Ok(uri) = pq.parse() {
        *req.uri_mut() = uri;
    }
}

/// Refuses bodies over `max` bytes with 413, whether announced by
/// `Content-Length` or streamed in chunks.
pub async fn body_limit<E: Endpoint>(ep: Arc<E>, mut req: Request, max: usize) -> Result<Response> {
    let too_large = || {
        json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request_too_large",
            &format!("the request body exceeds {max} bytes"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > max as u64 => return Ok(too_large()),
        Some(_) => {}
        None => {
            // No length announced: read at most one byte past the limit.
            let body = req.take_body();
            let mut buf = Vec::new();
            let mut reader = body.into_async_read().take(max as u64 + 1);
            if reader.read_to_end(&mut buf).await.is_err() {
                return Ok(json_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "the request body could not be read",
                ));
            }
            if buf.len() > max {
                return Ok(too_large());
            }
            req.set_body(Body::from(buf));
        }
    }
    ep.call(req).await.map(IntoResponse::into_response)
}

/// Every error of the JSON APIs as `{"error", "error_description"}`,
/// whatever produced it (no route, wrong method, unparsable body…).
pub async fn json_errors<E: Endpoint>(ep: Arc<E>, req: Request) -> Result<Response> {
    let json_api = is_api_path(req.uri().path());
    let resp = match ep.call(req).await {
        Ok(r) => r.into_response(),
        Err(e) => e.into_response(),
    };
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json_api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return Ok(resp);
    }
    let description = match status {
        StatusCode::NOT_FOUND => "no such endpoint".to_string(),
        StatusCode::METHOD_NOT_ALLOWED => "this method is not allowed here".to_string(),
        // poem's message, e.g. why a body did not parse, without the values
        // it quotes.
        _ => {
            let text = resp.into_body().into_string().await.unwrap_or_default();
            super::error::describe_parse_error(&poem::Error::from_string(text, status))
        }
    };
    Ok(json_error(status, code_for(status), &description))
}

fn code_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "invalid_token",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        413 => "request_too_large",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        500..=599 => "server_error",
        _ => "invalid_request",
    }
}

pub fn json_error(status: StatusCode, code: &str, description: &str) -> Response {
    let body = ErrorBody::new(code, description);
    let mut resp = Response::builder()
        .status(status)
        .content_type("application/json; charset=utf-8")
        .body(serde_json::to_vec(&body).unwrap_or_default());
    if status == StatusCode::UNAUTHORIZED {
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(r#"Bearer realm="auth-server""#),
        );
    }
    resp
}

/// RFC 6749 §5.1 and RFC 6750 §5.3: nothing under `/api` or `/oauth2` is
/// cached; HTML may not be framed.
pub async fn security_headers<E: Endpoint>(ep: Arc<E>, req: Request) -> Result<Response> {
    let path = req.uri().path().to_string();
    let mut resp = ep.call(req).await?.into_response();
    let h = resp.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    // Discovery and the JWKS set their own public caching.
    if is_api_path(&path) && !is_under(&path, "/.well-known") {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    }
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        h.insert("x-frame-options", HeaderValue::from_static("DENY"));
        if !h.contains_key("content-security-policy") {
            h.insert(
                "content-security-policy",
                HeaderValue::from_static("frame-ancestors 'none'"),
            );
        }
    }
    Ok(resp)
}

/// `http_requests_total` and `http_request_duration_seconds` by route
/// template and status, and one log line per request (path without query,
/// so no token in a query string reaches the log).
pub async fn observe<E: Endpoint>(
    ep: Arc<E>,
    mut req: Request,
    trusted: Arc<Vec<ipnet::IpNet>>,
) -> Result<Response> {
    let started = Instant::now();
    let client = super::client_ip::client_ip(&req, &trusted);
    if let Some(ip) = client {
        req.extensions_mut().insert(super::client_ip::ClientIp(ip));
    }
    let ip = client.map(|ip| ip.to_string()).unwrap_or_default();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let resp = ep.call(req).await?.into_response();
    let route = route_label(
        resp.data::<poem::PathPattern>().map(|p| p.0.as_ref()),
        &path,
    );
    let status = resp.status().as_u16().to_string();
    let elapsed = started.elapsed();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status.clone())
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method.clone(), "route" => route)
        .record(elapsed.as_secs_f64());
    let path = crate::telemetry::untrusted(&path);
    tracing::info!(%method, %path, %ip, status = %status, ms = elapsed.as_secs_f64() * 1000.0, "request");
    Ok(resp)
}

/// The `route` label of a request: the matched route template, or one of a
/// fixed few labels. Never the raw path, whatever the status: anyone could
/// otherwise grow `/metrics` without bound by asking for made-up paths.
fn route_label(pattern: Option<&str>, path: &str) -> String {
    match pattern {
        Some(p) if p.starts_with("/docs") => "static".into(),
        Some(p) => p.to_string(),
        None if is_api_path(path) => "unmatched".into(),
        None if path.starts_with("/docs") || path.starts_with("/assets") => "static".into(),
        None => "site".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmatched_paths_share_one_label_whatever_their_status() {
        assert_eq!(route_label(None, "/api/made-up-1"), "unmatched");
        assert_eq!(route_label(None, "/oauth2/made-up-2"), "unmatched");
        assert_eq!(
            route_label(Some("/api/admin/users/:id"), "/api/admin/users/x"),
            "/api/admin/users/:id"
        );
        assert_eq!(route_label(None, "/login"), "site");
        assert_eq!(route_label(None, "/assets/app-1234.wasm"), "static");
    }

    #[test]
    fn api_paths_are_the_api_prefixes_and_the_operations_endpoints() {
        for p in [
            "/api",
            "/api/",
            "/api/profile/",
            "/oauth2",
            "/oauth2/token",
            "/.well-known/jwks.json",
            "/healthz",
            "/metrics/",
        ] {
            assert!(is_api_path(p), "{p}");
        }
        for p in [
            "/",
            "/apix",
            "/oauth2x/token",
            "/login",
            "/docs",
            "/openapi.json",
            "/healthzz",
        ] {
            assert!(!is_api_path(p), "{p}");
        }
    }
}
