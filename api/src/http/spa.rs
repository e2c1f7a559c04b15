//! The SPA at `/`, from `WEB_DIST` (trunk's output), or, when it has not
//! been built, a page saying how to build it.
//!
//! - The SPA's routes (`/login`, `/consent`, `/error`, `/callback`,
//!   `/account`, `/admin` and below) get `index.html` (history fallback),
//!   `Cache-Control: no-cache`, so a new build is picked up at once.
//! - trunk's hashed assets (`web-<hash>_bg.wasm`, `style-<hash>.css`) never
//!   change under their name: cached for a year, `immutable`; their `.gz`
//!   twin (written by `web/build.sh`) goes to browsers that accept gzip.
//! - Other files (`boot.js`) are revalidated on every load (`no-cache`).
//! - Every HTML answer carries a Content-Security-Policy that lets the
//!   wasm compile (`'wasm-unsafe-eval'`) but runs no inline script or
//!   style and cannot be framed.

use std::path::{Path, PathBuf};

use poem::endpoint::StaticFilesEndpoint;
use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::web::StaticFileRequest;
use poem::{
    Endpoint, EndpointExt, FromRequest, IntoEndpoint, IntoResponse, Request, Response, handler,
};

pub const BUILD_HINT: &str = "The web UI is not built. Build it with `just web` \
     (or `web/build.sh`), or point WEB_DIST at a built copy, \
     then restart the server. The API, /docs and /.well-known work without it.";

/// The policy of every page of the SPA. `img-src data:` is for the QR code
/// of an authenticator enrollment (a `data:` URL from the API).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// The client-side routes of the SPA (and their sub-paths).
const ROUTES: [&str; 6] = ["login", "consent", "error", "callback", "account", "admin"];

pub fn spa(dist: &Path) -> poem::endpoint::BoxEndpoint<'static, Response> {
    if dist.join("index.html").is_file() {
        Spa {
            root: dist.to_path_buf(),
            files: StaticFilesEndpoint::new(dist),
        }
        .map_to_response()
        .boxed()
    } else {
        not_built.into_endpoint().map_to_response().boxed()
    }
}

/// `/`, `/index.html`, or a route of the SPA: answered with `index.html`.
pub fn is_spa_route(path: &str) -> bool {
    if path == "/" || path == "/index.html" {
        return true;
    }
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    ROUTES.contains(&first)
}

/// trunk names build outputs `<stem>-<hash>[_bg].<ext>` with the hash in
/// hex (up to 16 digits): `web-1a2b…_bg.wasm`, `style-3c4d….css`.
pub fn is_hashed_asset(name: &str) -> bool {
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(base, hash)| {
        !base.is_empty()
            && (8..=16).contains(&hash.len())
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// A file name at the top of the dist directory (all trunk writes), safe
/// to join to it: no separators, no dot-dot.
fn top_level_name(path: &str) -> Option<&str> {
    let name = path.strip_prefix('/')?;
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    ok.then_some(name)
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("wasm") => "application/wasm",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn accepts_gzip(req: &Request) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| {
            let mut parts = e.trim().split(';');
            let coding = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

struct Spa {
    root: PathBuf,
    files: StaticFilesEndpoint,
}

impl Spa {
    /// `index.html` with `status` (404 for a page the SPA does not have: it
    /// renders its own "Page not found").
    async fn index(&self, req: &Request, status: StatusCode) -> poem::Result<Response> {
        let file = StaticFileRequest::from_request_without_body(req).await?;
        let mut resp = file
            .create_response(self.root.join("index.html"), true, true)?
            .into_response();
        if resp.status() == StatusCode::OK {
            resp.set_status(status);
        }
        Ok(resp)
    }

    /// The pre-compressed twin of a hashed asset, if the browser takes it.
    async fn gzipped(&self, req: &Request, name: &str) -> Option<Response> {
        if !accepts_gzip(req) {
            return None;
        }
        let body = tokio::fs::read(self.root.join(format!("{name}.gz")))
            .await
            .ok()?;
        Some(
            Response::builder()
                .content_type(content_type(name))
                .header(header::CONTENT_ENCODING, "gzip")
                .header(header::VARY, "accept-encoding")
                .body(body),
        )
    }
}

impl Endpoint for Spa {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let path = req.uri().path().to_string();
        match *req.method() {
            Method::GET => {}
            // Answered like GET; the server sends no body for HEAD.
            Method::HEAD => req.set_method(Method::GET),
            _ => return Ok(StatusCode::METHOD_NOT_ALLOWED.into_response()),
        }
        let name = top_level_name(&path);
        let hashed = name.is_some_and(is_hashed_asset);
        let gz = match name {
            Some(n) if hashed => self.gzipped(&req, n).await,
            _ => None,
        };
        let exists = name.is_some_and(|n| self.root.join(n).is_file());
        let mut resp = if is_spa_route(&path) {
            self.index(&req, StatusCode::OK).await?
        } else if let Some(r) = gz {
            r
        } else if !exists && !path.contains('.') {
            // A page the SPA does not have: it renders its "Page not
            // found"; a missing file stays a bare 404.
            self.index(&req, StatusCode::NOT_FOUND).await?
        } else {
            match self.files.call(req).await {
                Ok(r) => r.into_response(),
                Err(e) => e.into_response(),
            }
        };
        let success = resp.status().is_success();
        let h = resp.headers_mut();
        let is_html = h
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        // A hashed name is cached only for the asset itself.
        let cache = if hashed && !is_html && success {
            IMMUTABLE
        } else {
            NO_CACHE
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        if is_html {
            h.insert("content-security-policy", HeaderValue::from_static(CSP));
        }
        Ok(resp)
    }
}

#[handler]
fn not_built() -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>auth-server</title></head>\
         <body><main><h1>auth-server</h1><p>{BUILD_HINT}</p><p><a href=\"/docs\">API documentation</a></p></main></body></html>"
    );
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .content_type("text/html; charset=utf-8")
        .body(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spa_routes_and_their_sub_paths_get_index_html() {
        for p in [
            "/",
            "/index.html",
            "/login",
            "/consent",
            "/error",
            "/callback",
            "/account",
            "/admin",
            "/admin/users",
        ] {
            assert!(is_spa_route(p), "{p}");
        }
        for p in [
            "/loginx",
            "/web-1234abcd.js",
            "/boot.js",
            "/docs",
            "/favicon.ico",
        ] {
            assert!(!is_spa_route(p), "{p}");
        }
    }

    #[test]
    fn trunk_hashed_names_are_recognised() {
        for n in [
            "web-f109982dc30beaa_bg.wasm",
            "web-93e241964717714c.js",
            "style-4b8751f234d6700c.css",
        ] {
            assert!(is_hashed_asset(n), "{n}");
        }
        for n in [
            "boot.js",
            "index.html",
            "web.js",
            "my-file.js",
            "-0123456789abcdef.js",
            "web-0123456789abcdefg.js",
        ] {
            assert!(!is_hashed_asset(n), "{n}");
        }
    }

    #[test]
    fn only_plain_top_level_names_are_joined_to_the_dist_dir() {
        assert_eq!(top_level_name("/web-1.js"), Some("web-1.js"));
        for p in [
            "/../etc/passwd",
            "/a/b.js",
            "/",
            "/.env",
            "/a%2fb",
            "relative",
        ] {
            assert_eq!(top_level_name(p), None, "{p}");
        }
    }

    #[test]
    fn gzip_is_sent_only_when_accepted() {
        let with = |v: &str| {
            Request::builder()
                .header(header::ACCEPT_ENCODING, v)
                .finish()
        };
        assert!(accepts_gzip(&with("gzip, deflate, br")));
        assert!(accepts_gzip(&with("br;q=1.0, gzip;q=0.8")));
        assert!(!accepts_gzip(&with("gzip;q=0, br")));
        assert!(!accepts_gzip(&with("identity")));
        assert!(!accepts_gzip(&Request::builder().finish()));
    }
}
