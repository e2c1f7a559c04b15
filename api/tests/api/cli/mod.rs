//! The real `auth-server` binary: every command with `--json` prints one
//! JSON object, and what it creates works on a server over the same
//! database, one started before or after.

mod clients;
mod database;
mod keys;

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::*;

pub struct Run {
    pub ok: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The whole of stdout, parsed as one JSON value that is an object.
    pub fn json(&self) -> Value {
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
    pub fn ok_json(&self) -> Value {
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
pub async fn cli_env(db_url: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
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

pub async fn cli(db_url: &str, args: &[&str]) -> Run {
    cli_env(db_url, args, &[]).await
}

pub async fn admin_get(app: &TestApp, path: &str) -> Value {
    let admin = app.access_token("admin").await;
    let r = app.get_bearer(path, &admin).await;
    assert_eq!(r.status(), 200, "GET {path}");
    r.json().await.unwrap()
}

pub async fn password_login_via_key(app: &TestApp, key: &str) -> reqwest::Response {
    app.http
        .post(app.url("/api/token/password/"))
        .header("X-Service-Key", key)
        .json(&json!({"username": "alice", "password": "alicepass"}))
        .send()
        .await
        .unwrap()
}

/// Retries `probe` for up to five seconds until it answers true.
pub async fn within_five_seconds<F, Fut>(what: &str, mut probe: F)
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
pub fn migration_count() -> usize {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/sqlite");
    std::fs::read_dir(dir)
        .expect("migrations directory")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count()
}
