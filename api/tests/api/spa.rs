//! How the server serves the built SPA (`WEB_DIST`): `index.html` for the
//! SPA's routes (history fallback) without caching and under a strict CSP,
//! trunk's hashed assets cached for a year (gzipped when the browser takes
//! it), other files revalidated, and plain 404s for missing files. A fake
//! build in a temp dir stands in for trunk's output.

use std::path::Path;

use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};

use crate::helpers::*;

const INDEX: &str = "<!doctype html><html><head><script type=\"module\" src=\"/boot.js\"></script></head><body>SPA</body></html>";
const WASM: &str = "web-0123456789abcdef_bg.wasm";
const CSS: &str = "style-89abcdef01234567.css";

fn fake_dist(dir: &Path) {
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join(WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join(format!("{WASM}.gz")), gzip_of_wasm()).unwrap();
    std::fs::write(dir.join(CSS), "body{}").unwrap();
    std::fs::write(dir.join("boot.js"), "// loader").unwrap();
}

/// `\0asm\x01\0\0\0` gzipped (by `gzip -9 -n`).
fn gzip_of_wasm() -> Vec<u8> {
    vec![
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63, 0x48, 0x2c, 0xce, 0x65,
        0x64, 0x60, 0x60, 0x00, 0x00, 0xce, 0x33, 0x4b, 0x1c, 0x08, 0x00, 0x00, 0x00,
    ]
}

async fn spa_app() -> (TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    fake_dist(dist.path());
    let path = dist.path().to_path_buf();
    (spawn_app_with(move |s| s.web_dist = path).await, dist)
}

fn header(r: &reqwest::Response, name: impl reqwest::header::AsHeaderName) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_spa_routes_get_index_html_uncached_under_a_csp_that_allows_only_the_wasm() {
    let (app, _dist) = spa_app().await;
    for path in [
        "/",
        "/login?interaction=x",
        "/consent",
        "/error",
        "/callback",
        "/account",
        "/admin",
        "/admin/users",
    ] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(header(&r, CONTENT_TYPE).starts_with("text/html"), "{path}");
        assert_eq!(header(&r, CACHE_CONTROL), "no-cache", "{path}");
        let csp = header(&r, "content-security-policy");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline"),
            "{path}: no inline script or style: {csp}"
        );
        assert_eq!(header(&r, "x-frame-options"), "DENY");
        assert_eq!(r.text().await.unwrap(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_sent_gzipped_to_browsers_that_accept_it() {
    let (app, _dist) = spa_app().await;
    let url = app.url(&format!("/{WASM}"));
    let plain = app
        .http
        .get(&url)
        .header(ACCEPT_ENCODING, "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 200);
    assert_eq!(header(&plain, CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header(&plain, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert!(header(&plain, CONTENT_ENCODING).is_empty());
    assert_eq!(plain.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");

    let gz = app
        .http
        .get(&url)
        .header(ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.status(), 200);
    assert_eq!(header(&gz, CONTENT_ENCODING), "gzip");
    assert_eq!(header(&gz, CONTENT_TYPE), "application/wasm");
    assert_eq!(header(&gz, "vary"), "accept-encoding");
    assert_eq!(
        header(&gz, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        gz.bytes().await.unwrap().as_ref(),
        gzip_of_wasm().as_slice()
    );

    // No .gz twin: the file itself.
    let css = app
        .http
        .get(app.url(&format!("/{CSS}")))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert!(header(&css, CONTENT_TYPE).starts_with("text/css"));
    assert_eq!(
        header(&css, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn unhashed_files_are_revalidated_and_missing_ones_are_not_found() {
    let (app, _dist) = spa_app().await;
    let boot = app.http.get(app.url("/boot.js")).send().await.unwrap();
    assert_eq!(boot.status(), 200);
    assert_eq!(header(&boot, CACHE_CONTROL), "no-cache");
    assert!(header(&boot, CONTENT_TYPE).contains("javascript"));

    let missing = app
        .http
        .get(app.url("/web-fedcba9876543210.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404, "a hashed name not in the build");
    assert_ne!(
        header(&missing, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    let missing = app.http.get(app.url("/favicon.ico")).send().await.unwrap();
    assert_eq!(missing.status(), 404);

    // A page the SPA does not have: its own "Page not found", with a 404.
    let page = app.http.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(page.status(), 404);
    assert_eq!(page.text().await.unwrap(), INDEX);

    for path in ["/..%2f..%2fetc%2fpasswd", "/%2e%2e/Cargo.toml"] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        assert!(
            r.status() == 404 || r.status() == 403,
            "{path}: {}",
            r.status()
        );
    }
    let post = app.http.post(app.url("/login")).send().await.unwrap();
    assert_eq!(post.status(), 405);
}

#[tokio::test]
async fn the_api_is_not_shadowed_by_the_spa() {
    let (app, _dist) = spa_app().await;
    let r = app.http.get(app.url("/api/nope")).send().await.unwrap();
    assert_error(r, 404, "not_found").await;
    let r = app
        .http
        .get(app.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(header(&r, CONTENT_TYPE).starts_with("application/json"));
}
