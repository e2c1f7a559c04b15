//! What the browser tests need around Chromium: the built SPA, the
//! programs, where screenshots go, a server serving the build, and the two
//! WebDriver commands fantoccini has no method for.

use std::path::{Path, PathBuf};

use fantoccini::wd::WebDriverCompatibleCommand;
use poem::http::Method;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app_with};

/// `true` (after printing why) when the browser tests were switched off.
pub fn skipped() -> bool {
    let skip = std::env::var("SKIP_BROWSER_TESTS").is_ok_and(|v| v == "1");
    if skip {
        eprintln!("SKIP_BROWSER_TESTS=1: browser test skipped");
    }
    skip
}

/// The built SPA: `WEB_DIST`, else `web/dist` of this workspace.
pub fn web_dist() -> PathBuf {
    let dist = std::env::var_os("WEB_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/dist"));
    assert!(
        dist.join("index.html").is_file(),
        "browser tests need the built SPA at {}: run `just web` (or `web/build.sh`), \
         or set WEB_DIST to a build (SKIP_BROWSER_TESTS=1 skips these tests)",
        dist.display()
    );
    dist
}

pub fn find_program(env: &str, names: &[&str], install: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env) {
        return PathBuf::from(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!(
        "browser tests need {} on PATH (or {env}): {install} (SKIP_BROWSER_TESTS=1 skips these tests)",
        names[0]
    );
}

/// Screenshots go to `<target>/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|p| p.join("screenshots"))
        .unwrap_or_else(|| PathBuf::from("target/screenshots"));
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// A server with the built SPA (and the demo data).
pub async fn spawn_spa() -> TestApp {
    let dist = web_dist();
    spawn_app_with(move |s| s.web_dist = dist).await
}

/// WebDriver's "Get Computed Label" (chromedriver implements it).
#[derive(Debug)]
pub struct ComputedLabel(pub String);

impl WebDriverCompatibleCommand for ComputedLabel {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/element/{}/computedlabel",
            session.unwrap_or_default(),
            self.0
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (Method, Option<String>) {
        (Method::GET, None)
    }
}

/// chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
pub struct Cdp(pub Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (Method, Option<String>) {
        (Method::POST, Some(self.0.to_string()))
    }
}
