//! Real Chromium (headless, a fresh profile per test) driven over WebDriver
//! by fantoccini, against a chromedriver each test starts on a free port.
//! Elements are found the way a screen reader finds them: by role and the
//! accessible name Chromium computes (WebDriver "Get Computed Label").
//!
//! Needs the built SPA (`just web`, or `WEB_DIST` pointing at a build) and
//! `chromium` + `chromedriver` (`apt-get install chromium chromium-driver`,
//! or `CHROME_BIN` / `CHROMEDRIVER`); without them a test fails saying so.
//! `SKIP_BROWSER_TESTS=1` skips them explicitly instead.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tokio::process::{Child, Command};
use tokio::sync::{Semaphore, SemaphorePermit};

use super::setup::{Cdp, ComputedLabel, find_program, screenshot_dir};
pub use super::setup::{skipped, spawn_spa};

/// One browser at a time: Chromium is heavy, the machines small.
static BROWSERS: Semaphore = Semaphore::const_new(1);
const WAIT: Duration = Duration::from_secs(15);

/// ARIA roles the tests look for, with the elements that have them here.
#[derive(Clone, Copy, Debug)]
pub enum Role {
    Textbox,
    Button,
    Checkbox,
    Combobox,
    Link,
    Img,
    Heading,
}

impl Role {
    fn selector(self) -> &'static str {
        match self {
            Role::Textbox => {
                "input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=submit]), textarea"
            }
            Role::Button => "button, input[type=submit]",
            Role::Checkbox => "input[type=checkbox]",
            Role::Combobox => "select",
            Role::Link => "a[href]",
            Role::Img => "img",
            Role::Heading => "h1, h2, h3",
        }
    }
}

pub struct Browser {
    pub client: Client,
    pub base: String,
    driver: Child,
    _profile: tempfile::TempDir,
    _turn: SemaphorePermit<'static>,
}

impl Browser {
    /// Chromium at `base` (the test server's URL).
    pub async fn start(base: &str) -> Browser {
        let turn = BROWSERS.acquire().await.expect("browser semaphore");
        let driver_bin = find_program(
            "CHROMEDRIVER",
            &["chromedriver"],
            "apt-get install -y chromium chromium-driver",
        );
        let chrome = find_program(
            "CHROME_BIN",
            &["chromium", "chromium-browser", "google-chrome"],
            "apt-get install -y chromium chromium-driver",
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        // A process group of its own: dropping the Browser (a failed test
        // included) ends chromedriver and the Chromium it started.
        let driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_bin.display()));
        let profile = tempfile::tempdir().expect("profile dir");
        let mut caps = Capabilities::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chrome,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() < WAIT => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("chromedriver at {url} did not start a Chromium session: {e}"),
            }
        };
        Browser {
            client,
            base: base.trim_end_matches('/').to_string(),
            driver,
            _profile: profile,
            _turn: turn,
        }
    }

    pub async fn goto(&self, path: &str) {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        self.client.goto(&url).await.expect("navigate");
    }

    pub async fn url(&self) -> url::Url {
        self.client.current_url().await.expect("current url")
    }

    async fn label(&self, e: &Element) -> String {
        let v = self
            .client
            .issue_cmd(ComputedLabel(e.element_id().to_string()))
            .await
            .unwrap_or(Value::Null);
        v.as_str().unwrap_or_default().trim().to_string()
    }

    /// Elements of `role` whose accessible name is `name`, now.
    pub async fn all_named(&self, role: Role, name: &str) -> Vec<Element> {
        let mut out = Vec::new();
        let found = self
            .client
            .find_all(Locator::Css(role.selector()))
            .await
            .unwrap_or_default();
        for e in found {
            if self.label(&e).await == name {
                out.push(e);
            }
        }
        out
    }

    /// The one element of `role` named `name`, waiting for it to appear.
    pub async fn named(&self, role: Role, name: &str) -> Element {
        let started = Instant::now();
        loop {
            let mut found = self.all_named(role, name).await;
            if found.len() == 1 {
                return found.remove(0);
            }
            assert!(found.len() < 2, "more than one {role:?} named {name:?}");
            if started.elapsed() > WAIT {
                let text = self.text().await;
                panic!(
                    "no {role:?} named {name:?} at {}; the page says:\n{text}",
                    self.url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types `value` into the field named `label`.
    pub async fn fill(&self, label: &str, value: &str) {
        let e = self.named(Role::Textbox, label).await;
        e.clear().await.expect("clear");
        e.send_keys(value).await.expect("type");
    }

    pub async fn click(&self, role: Role, name: &str) {
        self.named(role, name).await.click().await.expect("click");
    }

    pub async fn press(&self, button: &str) {
        self.click(Role::Button, button).await;
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        self.client
            .execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Waits until the page shows `text`.
    pub async fn wait_text(&self, text: &str) {
        let started = Instant::now();
        loop {
            let page = self.text().await;
            if page.contains(text) {
                return;
            }
            if started.elapsed() > WAIT {
                panic!(
                    "the page at {} never said {text:?}; it says:\n{page}",
                    self.url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the browser is at a URL starting with `prefix`.
    pub async fn wait_url(&self, prefix: &str) -> url::Url {
        let started = Instant::now();
        loop {
            let url = self.url().await;
            if url.as_str().starts_with(prefix) {
                return url;
            }
            if started.elapsed() > WAIT {
                panic!("never reached {prefix}; at {url}:\n{}", self.text().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The accessible name of the element that has keyboard focus.
    pub async fn focused(&self) -> String {
        let e = self.client.active_element().await.expect("active element");
        self.label(&e).await
    }

    /// Presses keys on the focused element (`\u{E004}` is Tab, `\u{E007}` Enter).
    pub async fn keys(&self, keys: &str) {
        let e = self.client.active_element().await.expect("active element");
        e.send_keys(keys).await.expect("keys");
    }

    /// Saves a PNG of the whole page as `<target>/screenshots/<name>.png`
    /// (the window grows to the page's height for the shot).
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight", vec![])
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(900)
            .clamp(900, 4000) as u32;
        let size =
            json!({"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": false});
        self.cdp("Emulation.setDeviceMetricsOverride", size).await;
        let png = self.client.screenshot().await.expect("screenshot");
        self.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
            .await;
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Renders with `prefers-color-scheme: dark` (Chrome DevTools
    /// protocol through chromedriver), for the dark screenshots.
    pub async fn dark(&self, on: bool) {
        let value = if on { "dark" } else { "light" };
        let features = json!({"features": [{"name": "prefers-color-scheme", "value": value}]});
        self.cdp("Emulation.setEmulatedMedia", features).await;
    }

    /// A Chrome DevTools protocol command (best effort: only looks change).
    async fn cdp(&self, cmd: &str, params: Value) {
        let _ = self
            .client
            .issue_cmd(Cdp(json!({"cmd": cmd, "params": params})))
            .await;
    }

    /// Ends the session (Chromium quits), then chromedriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(pid) = self.driver.id() {
            // SAFETY: signals the process group this Browser started.
            unsafe {
                libc::killpg(pid as libc::pid_t, libc::SIGKILL);
            }
        }
    }
}

pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
