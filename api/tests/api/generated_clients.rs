//! The generated clients of `openapi/clients/`: made afresh from the
//! committed document by `openapi/clients/generate.sh` (into a temp dir,
//! once per run of the suite), then each one's smoke script runs against a
//! real server: a service-key password login of the demo admin, a profile
//! read and update, validate-token, a refresh, and the admin client list.
//! The TypeScript client must pass `tsc --noEmit` and the Python smoke
//! `mypy --strict` first, so the document's types are what the calls use.
//!
//! They need npm and python3 with its venv module (the generators come from
//! npm and PyPI, pinned, cached in `<target>/clients-cache`). Without them
//! these tests fail, saying so; `SKIP_CLIENT_TESTS=1` skips them instead.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::helpers::{DEMO_CLIENT, TestApp, spawn_app};

const GENERATE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../openapi/clients/generate.sh"
);
const DOCUMENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/clients");

/// What the generators write, below the output directory.
const GENERATED: [&str; 2] = ["typescript/src/schema.d.ts", "python/auth-server-client"];

/// A key with `admin` in its scope: the demo key's default scope lacks it,
/// and a token never carries more than the key that issued it (the `admin`
/// scope is then granted to users with role `admin` only).
const ADMIN_KEY_SCOPE: &str = "openid profile email roles admin";

/// `true` (after printing why) when the client tests were switched off.
fn skipped() -> bool {
    let skip = std::env::var("SKIP_CLIENT_TESTS").is_ok_and(|v| v == "1");
    if skip {
        eprintln!("SKIP_CLIENT_TESTS=1: generated-client test skipped");
    }
    skip
}

fn runs(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|o| o.status.success())
}

/// Fails the test, saying what to install, when a generator's toolchain is
/// missing.
fn require_toolchains() {
    let mut missing = Vec::new();
    if !runs(Command::new("npm").arg("--version")) {
        missing.push("npm (Debian/Ubuntu: apt-get install nodejs npm)");
    }
    if !runs(Command::new("python3").args(["-c", "import ensurepip, venv"])) {
        missing.push("python3 with its venv module (Debian/Ubuntu: apt-get install python3-venv)");
    }
    assert!(
        missing.is_empty(),
        "the generated-client tests need {} (SKIP_CLIENT_TESTS=1 skips them)",
        missing.join(" and ")
    );
}

/// Where generate.sh keeps node_modules and the virtualenv: next to the
/// binaries under test, so `cargo clean` removes them and later runs reuse
/// them.
fn cache_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_auth-server"))
        .ancestors()
        .nth(2)
        .expect("the target directory")
        .join("clients-cache")
}

/// Runs `cmd`; its stdout, or the reason it failed with both its outputs.
fn run(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("{what}: cannot run ({e})"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "{what} failed ({}):\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Both clients generated from the committed document into a temp dir,
/// once per process (the temp dir lives as long as the process).
fn generated() -> &'static Path {
    static OUT: OnceLock<Result<tempfile::TempDir, String>> = OnceLock::new();
    let out = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        run(
            Command::new("bash")
                .arg(GENERATE)
                .args(["--doc", DOCUMENT, "--out"])
                .arg(dir.path())
                .env("CLIENTS_CACHE", cache_dir()),
            "openapi/clients/generate.sh",
        )?;
        Ok(dir)
    });
    match out {
        Ok(dir) => dir.path(),
        Err(e) => panic!("cannot generate the clients: {e}"),
    }
}

/// What tools leave beside a client where it is used (caches, and the
/// build of `pip install openapi/clients/python/auth-server-client`): not
/// the generator's output, and ignored by git.
fn is_local_artifact(name: &str) -> bool {
    matches!(
        name,
        "__pycache__" | ".mypy_cache" | ".ruff_cache" | "build" | "dist"
    ) || name.ends_with(".egg-info")
}

/// Every file below `root/rel` (a file or a directory), by path relative
/// to `root`, with its bytes; local artifacts left out.
fn files_below(root: &Path, rel: &str) -> Vec<(String, Vec<u8>)> {
    let path = root.join(rel);
    if path.is_file() {
        return vec![(rel.to_string(), std::fs::read(&path).unwrap())];
    }
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !is_local_artifact(n))
        .collect();
    entries.sort();
    for name in entries {
        out.extend(files_below(root, &format!("{rel}/{name}")));
    }
    out
}

/// A server with the demo data and a service key allowed the `admin` scope
/// (made by the demo admin through the admin API, as an operator would).
async fn server_and_admin_key() -> (TestApp, String) {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let r = app
        .http
        .post(app.url("/api/admin/service-keys"))
        .bearer_auth(&admin)
        .json(&json!({"name": "generated clients", "scope": ADMIN_KEY_SCOPE}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "the admin makes a service key");
    let made: Value = r.json().await.unwrap();
    let key = made["key"].as_str().expect("the key").to_string();
    (app, key)
}

/// Runs one smoke script (after its type check) against `app` as the demo
/// admin; answers its JSON summary.
async fn smoke(app: &TestApp, key: &str, client: &'static str, first_name: &str) -> Value {
    let base = app.base.clone();
    let (key, first_name) = (key.to_string(), first_name.to_string());
    let line = tokio::task::spawn_blocking(move || {
        let dir = generated();
        let with_env = |cmd: &mut Command| {
            cmd.env("AUTH_SERVER_URL", &base)
                .env("AUTH_SERVER_SERVICE_KEY", &key)
                .env("AUTH_SERVER_USERNAME", "admin")
                .env("AUTH_SERVER_PASSWORD", "adminpass")
                .env("AUTH_SERVER_FIRST_NAME", &first_name);
        };
        let result = match client {
            "typescript" => {
                let ts = dir.join("typescript");
                let bin = ts.join("node_modules/.bin");
                run(
                    Command::new(bin.join("tsc"))
                        .args(["--noEmit", "-p", "."])
                        .current_dir(&ts),
                    "tsc --noEmit (the generated TypeScript client and smoke.ts)",
                )
                .and_then(|_| {
                    let mut cmd = Command::new(bin.join("tsx"));
                    cmd.arg("smoke.ts").current_dir(&ts);
                    with_env(&mut cmd);
                    run(&mut cmd, "the TypeScript smoke (tsx smoke.ts)")
                })
            }
            _ => {
                let py = dir.join("python");
                let python = py.join(".venv/bin/python");
                run(
                    Command::new(&python)
                        .args(["-m", "mypy", "--strict", "smoke.py"])
                        .env("MYPYPATH", py.join("auth-server-client"))
                        .current_dir(&py),
                    "mypy --strict (the generated Python client and smoke.py)",
                )
                .and_then(|_| {
                    let mut cmd = Command::new(&python);
                    cmd.arg("smoke.py").current_dir(&py);
                    with_env(&mut cmd);
                    run(&mut cmd, "the Python smoke (smoke.py)")
                })
            }
        };
        result.unwrap_or_else(|e| panic!("{e}"))
    })
    .await
    .unwrap();
    let last = line.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{client} smoke printed {line:?}: {e}"))
}

/// What both smokes must have seen, and the server must now hold.
async fn assert_smoke_worked(app: &TestApp, summary: &Value, client: &str, first_name: &str) {
    assert_eq!(summary["client"], client);
    assert_eq!(
        summary["refused"], "invalid_grant",
        "a wrong password comes back as the typed error body"
    );
    let scope = summary["scope"].as_str().unwrap();
    assert!(
        scope.split(' ').any(|s| s == "admin"),
        "the admin's token through the key carries `admin`: {scope}"
    );
    assert_eq!(summary["username"], "admin");
    assert_eq!(summary["first_name_before"], "Ada");
    assert_eq!(
        summary["first_name"], first_name,
        "the update answers the new name"
    );
    assert_eq!(summary["valid"], true, "validate-token accepts the token");
    assert!(
        summary["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "admin"),
        "validate-token's claims carry the admin's roles: {summary}"
    );
    assert_eq!(summary["rotated"], true, "the refresh rotated the token");
    assert!(
        summary["clients"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == DEMO_CLIENT),
        "the admin client list holds the demo client: {summary}"
    );
    // The change is the server's, not only the answer's.
    let token = app.access_token("admin").await;
    let profile: Value = app
        .http
        .get(app.url("/api/profile"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile["first_name"], first_name);
}

#[tokio::test]
async fn the_committed_clients_are_the_ones_the_committed_document_generates() {
    if skipped() {
        return;
    }
    require_toolchains();
    let fresh = tokio::task::spawn_blocking(generated).await.unwrap();
    for rel in GENERATED {
        let committed = files_below(Path::new(COMMITTED), rel);
        let made = files_below(fresh, rel);
        let names = |files: &[(String, Vec<u8>)]| -> Vec<String> {
            files.iter().map(|(n, _)| n.clone()).collect()
        };
        let (old_names, new_names) = (names(&committed), names(&made));
        let stale: Vec<&String> = old_names
            .iter()
            .filter(|n| !new_names.contains(n))
            .collect();
        let missing: Vec<&String> = new_names
            .iter()
            .filter(|n| !old_names.contains(n))
            .collect();
        assert!(
            stale.is_empty() && missing.is_empty(),
            "openapi/clients differs from what openapi/openapi.json generates: \
             no longer generated {stale:?}, not committed {missing:?}: \
             run `just clients` and commit the result"
        );
        for ((name, old), (_, new)) in committed.iter().zip(&made) {
            assert!(
                old == new,
                "openapi/clients/{name} is out of date with openapi/openapi.json: \
                 run `just clients` and commit the result"
            );
        }
    }
}

#[tokio::test]
async fn the_generated_typescript_client_type_checks_and_does_the_integrator_round_trip() {
    if skipped() {
        return;
    }
    require_toolchains();
    let (app, key) = server_and_admin_key().await;
    let summary = smoke(&app, &key, "typescript", "Typed").await;
    assert_smoke_worked(&app, &summary, "typescript", "Typed").await;
}

#[tokio::test]
async fn the_generated_python_client_type_checks_and_does_the_integrator_round_trip() {
    if skipped() {
        return;
    }
    require_toolchains();
    let (app, key) = server_and_admin_key().await;
    let summary = smoke(&app, &key, "python", "Pythonic").await;
    assert_smoke_worked(&app, &summary, "python", "Pythonic").await;
}
