//! The real `auth-server` binary: every command with `--json` prints one
//! JSON object, and what it creates works on a server over the same
//! database, one started before or after.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::*;

struct Run {
    ok: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The whole of stdout, parsed as one JSON value that is an object.
    fn json(&self) -> Value {
        let v: Value = serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON value ({e}): {:?}\nstderr: {}",
                self.stdout, self.stderr
            )
        });
        assert!(v.is_object(), "stdout is not an object: {v}");
        v
    }

    /// As [`Run::json`], for a command that must succeed.
    fn ok_json(&self) -> Value {
        assert!(
            self.ok,
            "exit {:?}\nstdout: {}\nstderr: {}",
            self.code, self.stdout, self.stderr
        );
        self.json()
    }
}

/// Runs the binary on `db_url` with cheap argon2 and nothing inherited
/// from the environment (no DATABASE_URL, ISSUER, RUST_LOG, `.env`…).
async fn cli_env(db_url: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_auth-server"));
    cmd.args(args)
        .env_clear()
        .current_dir(dir.path())
        .env("DATABASE_URL", db_url)
        .env("ARGON2_MEMORY_KIB", "256")
        .env("ARGON2_ITERATIONS", "1")
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = tokio::time::timeout(Duration::from_secs(60), cmd.output())
        .await
        .expect("the command finishes within a minute")
        .expect("run auth-server");
    Run {
        ok: out.status.success(),
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

async fn cli(db_url: &str, args: &[&str]) -> Run {
    cli_env(db_url, args, &[]).await
}

async fn admin_get(app: &TestApp, path: &str) -> Value {
    let admin = app.access_token("admin").await;
    let r = app.get_bearer(path, &admin).await;
    assert_eq!(r.status(), 200, "GET {path}");
    r.json().await.unwrap()
}

async fn password_login_via_key(app: &TestApp, key: &str) -> reqwest::Response {
    app.http
        .post(app.url("/api/token/password/"))
        .header("X-Service-Key", key)
        .json(&json!({"username": "alice", "password": "alicepass"}))
        .send()
        .await
        .unwrap()
}

/// Retries `probe` for up to five seconds until it answers true.
async fn within_five_seconds<F, Fut>(what: &str, mut probe: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !probe().await {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{what}: not within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The migrations shipped (the same number for both backends).
fn migration_count() -> usize {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/sqlite");
    std::fs::read_dir(dir)
        .expect("migrations directory")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count()
}

#[tokio::test]
async fn migrate_applies_the_migrations_once_and_then_none() {
    let db = TestDb::new();
    assert_eq!(
        cli(db.url(), &["migrate", "--json"]).await.ok_json(),
        json!({"applied": migration_count()})
    );
    assert_eq!(
        cli(db.url(), &["--json", "migrate"]).await.ok_json(),
        json!({"applied": 0})
    );
}

#[tokio::test]
async fn seed_demo_users_is_idempotent_and_its_users_can_sign_in() {
    let db = TestDb::new();
    let first = cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    assert_eq!(first["created"], json!(["admin", "alice"]));
    assert_eq!(first["client"]["client_id"], DEMO_CLIENT);
    assert_eq!(first["service_key"]["id"], SERVICE_KEY_ID);
    let second = cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    assert_eq!(second["created"], json!([]));

    // A server that seeds nothing itself.
    let app = spawn_app_on(db).await;
    let users = admin_get(&app, "/api/admin/users").await;
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "alice"], "each demo user exists once");
    let admin = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "admin")
        .unwrap();
    assert_eq!(
        (admin["email"].as_str(), admin["roles"].clone()),
        (Some("admin@example.com"), json!(["admin"]))
    );
    let t = app.password_tokens("alice", "alicepass").await;
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["roles"],
        json!(["user"])
    );
    assert_eq!(
        password_login_via_key(&app, SERVICE_KEY).await.status(),
        200
    );
    let clients = admin_get(&app, "/api/admin/clients").await;
    assert_eq!(
        clients
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["client_id"] == DEMO_CLIENT)
            .count(),
        1
    );
}

#[tokio::test]
async fn create_client_takes_repeated_and_comma_separated_options_and_the_clients_work() {
    let db = TestDb::new();
    cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    let confidential = cli(
        db.url(),
        &[
            "create-client",
            "--json",
            "--name",
            "Billing",
            "--type",
            "confidential",
            "--grant-type",
            "password",
            "--grant-type",
            "client_credentials,refresh_token",
            "--scope",
            "openid profile",
            "--scope",
            "email",
            "--redirect-uri",
            "https://billing.example.com/cb",
        ],
    )
    .await
    .ok_json();
    let conf_id = confidential["client_id"]
        .as_str()
        .expect("client_id")
        .to_string();
    let conf_secret = confidential["client_secret"]
        .as_str()
        .expect("client_secret")
        .to_string();
    assert_eq!(confidential.as_object().unwrap().len(), 2, "{confidential}");

    let public = cli(
        db.url(),
        &[
            "create-client",
            "--json",
            "--name",
            "Single page app",
            "--type",
            "public",
            "--grant-type",
            "authorization_code,refresh_token",
            "--redirect-uri",
            "https://spa.example.com/cb",
            "--redirect-uri",
            "https://spa.example.com/other",
            "--skip-consent",
        ],
    )
    .await
    .ok_json();
    let public_id = public["client_id"].as_str().expect("client_id").to_string();
    assert!(public.get("client_secret").is_none(), "{public}");

    let refused = cli(
        db.url(),
        &[
            "create-client",
            "--json",
            "--name",
            "No redirect",
            "--type",
            "public",
            "--grant-type",
            "authorization_code",
        ],
    )
    .await;
    assert!(
        !refused.ok,
        "authorization_code without --redirect-uri must fail"
    );
    let err = refused.json();
    assert!(
        err["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{err}"
    );
    assert!(
        err["error_description"]
            .as_str()
            .unwrap()
            .contains("redirect"),
        "{err}"
    );

    let app = spawn_app_on(db).await;
    let c = admin_get(&app, &format!("/api/admin/clients/{conf_id}")).await;
    assert_eq!(c["name"], "Billing");
    assert_eq!(c["type"], "confidential");
    assert_eq!(
        c["grant_types"],
        json!(["password", "client_credentials", "refresh_token"])
    );
    assert_eq!(c["scope"], "openid profile email");
    assert_eq!(
        c["redirect_uris"],
        json!(["https://billing.example.com/cb"])
    );
    assert!(
        !c.to_string().contains(&conf_secret),
        "the secret is stored hashed"
    );
    let p = admin_get(&app, &format!("/api/admin/clients/{public_id}")).await;
    assert_eq!(p["type"], "public");
    assert_eq!(
        p["grant_types"],
        json!(["authorization_code", "refresh_token"])
    );
    assert_eq!(
        p["redirect_uris"],
        json!([
            "https://spa.example.com/cb",
            "https://spa.example.com/other"
        ])
    );
    assert_eq!(p["allowed_origins"], json!(["https://spa.example.com"]));
    assert_eq!(p["skip_consent"], true);
    let clients = admin_get(&app, "/api/admin/clients").await;
    assert!(!clients.to_string().contains("No redirect"));

    let r = app
        .token(
            (&conf_id, &conf_secret),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "openid profile email");
    let r = app
        .token(
            (&conf_id, &conf_secret),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        conf_id.as_str()
    );
    assert!(t["refresh_token"].is_string());
}

#[tokio::test]
async fn create_service_key_prints_a_key_that_works_at_the_integrator_endpoint() {
    let db = TestDb::new();
    cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    let made = cli(
        db.url(),
        &[
            "create-service-key",
            "--json",
            "--name",
            "Shop",
            "--scope",
            "openid,profile",
            "--scope",
            "email",
        ],
    )
    .await
    .ok_json();
    let id = made["id"].as_str().expect("id");
    let key = made["key"].as_str().expect("key");
    assert_eq!(made["name"], "Shop");
    let default = cli(
        db.url(),
        &["create-service-key", "--json", "--name", "Plain"],
    )
    .await
    .ok_json();

    let app = spawn_app_on(db).await;
    let r = password_login_via_key(&app, key).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    let claims = jwt_claims(t["access_token"].as_str().unwrap());
    assert_eq!(claims["client_id"], id);
    assert_eq!(claims["scope"], "openid profile email");

    let r = password_login_via_key(&app, default["key"].as_str().unwrap()).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "openid profile email roles");

    let keys = admin_get(&app, "/api/admin/service-keys").await;
    assert!(!keys.to_string().contains(key), "the key is stored hashed");
}

#[tokio::test]
async fn clients_and_service_keys_created_while_the_server_runs_work_within_five_seconds() {
    let db = TestDb::new();
    cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    let app = spawn_app_on(db).await;
    let url = app.db.url();

    let made = cli(
        url,
        &[
            "create-client",
            "--json",
            "--name",
            "Late",
            "--type",
            "confidential",
            "--grant-type",
            "client_credentials",
        ],
    )
    .await
    .ok_json();
    let (id, secret) = (
        made["client_id"].as_str().unwrap(),
        made["client_secret"].as_str().unwrap(),
    );
    within_five_seconds("the new client", || async {
        app.token((id, secret), &[("grant_type", "client_credentials")])
            .await
            .status()
            == 200
    })
    .await;

    let key = cli(url, &["create-service-key", "--json", "--name", "Late key"])
        .await
        .ok_json();
    let key = key["key"].as_str().unwrap();
    within_five_seconds("the new service key", || async {
        password_login_via_key(&app, key).await.status() == 200
    })
    .await;
}

#[tokio::test]
async fn rotate_keys_prints_the_new_kid_and_a_running_server_serves_and_signs_with_it_within_five_seconds()
 {
    let db = TestDb::new();
    cli(db.url(), &["seed-demo-users", "--json"])
        .await
        .ok_json();
    let app = spawn_app_on(db).await;
    let url = app.db.url();
    let before = app.access_token("alice").await;
    let old_kid = jwt_header(&before)["kid"].as_str().unwrap().to_string();

    let out = cli(url, &["rotate-keys", "--json"]).await.ok_json();
    let kid = out["kid"].as_str().expect("kid").to_string();
    assert_eq!(out.as_object().unwrap().len(), 1, "{out}");
    assert_ne!(kid, old_kid);

    within_five_seconds("the new kid in the JWKS", || async {
        let jwks: Value = app
            .http
            .get(app.url("/.well-known/jwks.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kid"] == kid.as_str())
    })
    .await;
    let jwks: Value = app
        .http
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kids: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(
        kids.first(),
        Some(&kid.as_str()),
        "the new key is listed first"
    );
    assert!(
        kids.contains(&old_kid.as_str()),
        "the old key stays while its tokens live"
    );

    let after = app.access_token("alice").await;
    assert_eq!(
        jwt_header(&after)["kid"],
        kid.as_str(),
        "new tokens are signed with the new key"
    );
    for token in [&before, &after] {
        assert_eq!(app.get_bearer("/api/profile", token).await.status(), 200);
    }
}

#[tokio::test]
async fn a_bad_configuration_value_exits_non_zero_with_a_message_naming_the_variable() {
    let db = TestDb::new();
    let run = cli_env(db.url(), &["migrate"], &[("ACCESS_TOKEN_TTL", "abc")]).await;
    assert!(!run.ok);
    assert!(run.stderr.contains("ACCESS_TOKEN_TTL"), "{}", run.stderr);
    // With --json the failure is one JSON object on stdout too.
    let run = cli_env(
        db.url(),
        &["migrate", "--json"],
        &[("ACCESS_TOKEN_TTL", "abc")],
    )
    .await;
    assert!(!run.ok);
    assert!(run.stderr.contains("ACCESS_TOKEN_TTL"), "{}", run.stderr);
    let err = run.json();
    assert!(
        err["error_description"]
            .as_str()
            .unwrap()
            .contains("ACCESS_TOKEN_TTL"),
        "{err}"
    );

    // A database URL may carry a password: it is named, never printed.
    let run = cli_env(
        "mysql://user:hunter2@db.example.com/auth",
        &["migrate", "--json"],
        &[],
    )
    .await;
    assert!(!run.ok);
    assert!(run.stderr.contains("DATABASE_URL"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    run.json();

    // Nothing was applied to the real database by the failed runs.
    assert_eq!(
        cli(db.url(), &["migrate", "--json"]).await.ok_json(),
        json!({"applied": migration_count()})
    );
}

#[tokio::test]
async fn help_lists_every_command() {
    let db = TestDb::new();
    let run = cli(db.url(), &["--help"]).await;
    assert!(run.ok, "{}", run.stderr);
    for command in [
        "serve",
        "migrate",
        "seed-demo-users",
        "create-client",
        "create-service-key",
        "rotate-keys",
    ] {
        assert!(
            run.stdout.contains(command),
            "--help does not list {command}:\n{}",
            run.stdout
        );
    }
    for variable in [
        "DATABASE_URL",
        "ISSUER",
        "BIND_ADDR",
        "ACCESS_TOKEN_TTL",
        "LOG_FORMAT",
    ] {
        assert!(
            run.stdout.contains(variable),
            "--help does not list {variable}"
        );
    }
    let run = cli(db.url(), &["create-client", "--help"]).await;
    for option in [
        "--name",
        "--type",
        "--grant-type",
        "--redirect-uri",
        "--scope",
        "--skip-consent",
    ] {
        assert!(
            run.stdout.contains(option),
            "create-client --help lacks {option}"
        );
    }
}
