//! The test harness: a real server on port 0 over a fresh database (a temp
//! SQLite file, or a new PostgreSQL database when `TEST_DATABASE_URL` is
//! set), cheap argon2 and a clock the test moves.

use std::sync::Arc;

use auth_server::clock::{Clock, ManualClock};
use auth_server::config::{DatabaseUrl, Issuer, Settings};
use auth_server::domain::Actor;
use auth_server::domain::clients::{ClientRegistration, register_client};
use auth_server::domain::seed::seed_demo;
use auth_server::startup::{Running, bind, build_state, serve_on};
use auth_server::state::SharedState;
use base64::Engine;
use serde_json::Value;

pub const DEMO_CLIENT: &str = "demo-client";
pub const DEMO_SECRET: &str = "demo-client-secret";
pub const SERVICE_KEY: &str = "sk_demo-service-key";
pub const SERVICE_KEY_ID: &str = "svc_demo";
/// What the demo client grants alice by default: its whole scope but
/// `admin`, which only admins are granted.
pub const ALICE_SCOPE: &str = "openid profile email roles offline_access account";

/// A database that exists for one test and is dropped after it.
pub enum TestDb {
    /// Another app's database, for a replica; dropped by its owner.
    Shared { url: String },
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
}

impl TestDb {
    pub fn new() -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                let name = format!("authtest_{}", uuid::Uuid::new_v4().simple());
                let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&format!("/{name}"));
                let url = url.to_string();
                run_admin_sql(&admin_url, &format!("CREATE DATABASE {name}"));
                TestDb::Postgres {
                    admin_url,
                    name,
                    url,
                }
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("auth.db").display());
                TestDb::Sqlite { _dir: dir, url }
            }
        }
    }

    pub fn url(&self) -> &str {
        match self {
            TestDb::Sqlite { url, .. } | TestDb::Postgres { url, .. } | TestDb::Shared { url } => {
                url
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres {
            admin_url, name, ..
        } = self
        {
            run_admin_sql(
                admin_url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

/// Runs one statement against the PostgreSQL admin database, on a thread of
/// its own (usable from `Drop` inside a runtime).
pub fn run_admin_sql(admin_url: &str, sql: &str) {
    let admin_url = admin_url.to_string();
    let sql = sql.to_string();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("connect to TEST_DATABASE_URL");
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut conn)
                .await
                .expect("admin statement");
        });
    })
    .join()
    .expect("admin thread");
}

/// Settings for a test server: cheap argon2, no SPA, the given database.
pub fn test_settings(db_url: &str) -> Settings {
    let mut s = Settings::defaults();
    s.bind_addr = "127.0.0.1:0".parse().expect("addr");
    s.database_url = DatabaseUrl::new(db_url).expect("db url");
    s.argon2_memory_kib = 256;
    s.argon2_iterations = 1;
    s.password_hash_concurrency = 2;
    s.web_dist = "/nonexistent/web/dist".into();
    s.database_max_connections = 8;
    // Never the repository's data/outbox; `spawn_app*` give each server a
    // temp dir of its own.
    s.mail_outbox = std::env::temp_dir().join("auth-server-test-outbox");
    s
}

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub state: SharedState,
    running: Option<Running>,
    pub db: TestDb,
    /// `MAIL_OUTBOX` unless the test set another: mail lands here when
    /// `SMTP_URL` is unset.
    _outbox: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server whose settings `tweak` may change; demo data is seeded.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    start_app(TestDb::new(), tweak, true, None, ManualClock::new()).await
}

/// Starts a server on an existing database (e.g. one the CLI has prepared),
/// used as it is: migrations are applied, nothing is seeded. The app owns
/// `db` from now on.
pub async fn spawn_app_on(db: TestDb) -> TestApp {
    start_app(db, |_| {}, false, None, ManualClock::new()).await
}

/// [`spawn_app_on`] with settings `tweak` may change.
pub async fn spawn_app_on_with(db: TestDb, tweak: impl FnOnce(&mut Settings)) -> TestApp {
    start_app(db, tweak, false, None, ManualClock::new()).await
}

async fn start_app(
    db: TestDb,
    tweak: impl FnOnce(&mut Settings),
    seed: bool,
    issuer: Option<&str>,
    clock: Arc<ManualClock>,
) -> TestApp {
    let mut settings = test_settings(db.url());
    let outbox = tempfile::tempdir().expect("temp dir");
    settings.mail_outbox = outbox.path().to_path_buf();
    tweak(&mut settings);
    let bound = bind(settings.bind_addr).await.expect("bind");
    let base = format!("http://{}", bound.addr);
    settings.issuer = Issuer::new(issuer.unwrap_or(&base)).expect("issuer");
    let state = build_state(settings, clock.clone()).await.expect("state");
    if seed {
        let ctx = state.local_context(Actor::Cli);
        seed_demo(&state.store, &state.hasher, &ctx)
            .await
            .expect("seed");
    }
    let running = serve_on(bound, state.clone(), std::future::pending()).expect("serve");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .user_agent("auth-server-tests/1")
        .build()
        .expect("client");
    TestApp {
        base,
        http,
        clock,
        state,
        running: Some(running),
        db,
        _outbox: outbox,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop the server before its database is dropped.
        self.running.take();
    }
}

impl TestApp {
    /// Another server on the same database with the same issuer: a replica
    /// behind the same public URL. Drop it before `self`.
    pub async fn replica(&self) -> TestApp {
        self.replica_with(|_| {}).await
    }

    /// [`TestApp::replica`] with settings `tweak` may change.
    pub async fn replica_with(&self, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        let db = TestDb::Shared {
            url: self.db.url().to_string(),
        };
        // The same clock: replicas of one deployment share the time, and a
        // test that moves it moves it for both.
        start_app(db, tweak, false, Some(&self.base), self.clock.clone()).await
    }

    /// One number from the app's own database (for assertions).
    pub async fn sql_scalar(&self, sql: &'static str) -> i64 {
        use sqlx::Connection;
        let url = self.db.url();
        if url.starts_with("postgres") {
            let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
            sqlx::query_scalar(sql)
                .fetch_one(&mut c)
                .await
                .expect("query")
        } else {
            let mut c = sqlx::SqliteConnection::connect(url).await.expect("connect");
            sqlx::query_scalar(sql)
                .fetch_one(&mut c)
                .await
                .expect("query")
        }
    }

    /// One text column of every row the query answers, from the app's own
    /// database (for assertions on what is stored).
    pub async fn sql_texts(&self, sql: &'static str) -> Vec<Option<String>> {
        use sqlx::Connection;
        let url = self.db.url();
        if url.starts_with("postgres") {
            let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
            sqlx::query_scalar(sql)
                .fetch_all(&mut c)
                .await
                .expect("query")
        } else {
            let mut c = sqlx::SqliteConnection::connect(url).await.expect("connect");
            sqlx::query_scalar(sql)
                .fetch_all(&mut c)
                .await
                .expect("query")
        }
    }

    /// Every text of every row of the audit log, joined (to grep for
    /// secrets), after the writer has flushed.
    pub async fn audit_table_text(&self) -> String {
        self.state.audit.flush().await;
        let rows = self
            .sql_texts(
                "SELECT id || ' ' || event || ' ' || actor || ' ' || COALESCE(user_id, '') \
                 || ' ' || COALESCE(client_id, '') || ' ' || COALESCE(ip, '') || ' ' \
                 || COALESCE(user_agent, '') || ' ' || detail FROM audit_log",
            )
            .await;
        rows.into_iter().flatten().collect::<Vec<_>>().join("\n")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// `POST` a form to `/oauth2/token` with Basic client credentials.
    pub async fn token(&self, client: (&str, &str), form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url("/oauth2/token"))
            .basic_auth(client.0, Some(client.1))
            .form(form)
            .send()
            .await
            .expect("token request")
    }

    /// Tokens for a user by the password grant of the demo client.
    pub async fn password_tokens(&self, username: &str, password: &str) -> Value {
        let r = self
            .token(
                (DEMO_CLIENT, DEMO_SECRET),
                &[
                    ("grant_type", "password"),
                    ("username", username),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(r.status(), 200, "password grant for {username}");
        r.json().await.expect("json")
    }

    /// An access token of alice (role `user`) or admin.
    pub async fn access_token(&self, username: &str) -> String {
        let password = format!("{username}pass");
        self.password_tokens(username, &password).await["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    /// Registers a client directly; answers its id and secret (empty for a
    /// public client).
    pub async fn client(
        &self,
        client_type: &str,
        grants: &[&str],
        scope: Option<&str>,
    ) -> (String, String) {
        let reg = ClientRegistration {
            id: None,
            name: format!("Test {client_type} client"),
            client_type: client_type.into(),
            grant_types: grants.iter().map(|g| g.to_string()).collect(),
            redirect_uris: vec![],
            post_logout_redirect_uris: vec![],
            allowed_origins: None,
            scope: scope.map(str::to_string),
            skip_consent: false,
        };
        let ctx = self.state.local_context(Actor::Cli);
        let made = register_client(&self.state.store, &ctx, reg)
            .await
            .expect("client");
        (
            made.client.id,
            made.secret
                .map(|s| s.expose().to_string())
                .unwrap_or_default(),
        )
    }

    /// Introspection as the demo client; answers the body of the 200.
    pub async fn introspect(&self, token: &str) -> Value {
        let r = self
            .http
            .post(self.url("/oauth2/introspect"))
            .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
            .form(&[("token", token)])
            .send()
            .await
            .expect("introspect");
        assert_eq!(r.status(), 200, "introspection answers 200");
        assert_eq!(
            r.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
        r.json().await.expect("JSON")
    }

    /// `/api/validate-token` with the demo service key; the body of the 200.
    pub async fn validate(&self, token: &str) -> Value {
        let r = self
            .post_service("/api/validate-token", &serde_json::json!({"token": token}))
            .await;
        assert_eq!(r.status(), 200, "validate-token answers 200");
        r.json().await.expect("JSON")
    }

    /// A refresh as the demo client.
    pub async fn refresh(&self, token: &str) -> reqwest::Response {
        self.token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "refresh_token"), ("refresh_token", token)],
        )
        .await
    }

    pub async fn get_bearer(&self, path: &str, token: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// `POST` JSON with the demo service key.
    pub async fn post_service(&self, path: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .header("X-Service-Key", SERVICE_KEY)
            .json(body)
            .send()
            .await
            .expect("request")
    }
}

/// SHA-256 in lowercase hex: how secrets are stored.
pub fn sha256_hex(s: &str) -> String {
    auth_server::secrets::SecretHash::of(s).as_str().to_string()
}

/// The claims of a JWT, read without verification (for assertions).
pub fn jwt_claims(token: &str) -> Value {
    jwt_part(token, 1)
}

pub fn jwt_header(token: &str) -> Value {
    jwt_part(token, 0)
}

fn jwt_part(token: &str, i: usize) -> Value {
    let part = token.split('.').nth(i).expect("JWT part");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON")
}

/// Asserts the response is a JSON error with this status and code.
pub async fn assert_error(r: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(r.status().as_u16(), status, "status for expected {code}");
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(ct.starts_with("application/json"), "content type {ct}");
    let body: Value = r.json().await.expect("JSON error body");
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{body}"
    );
    body
}
