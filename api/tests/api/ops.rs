//! Operations: health, readiness, metrics, discovery, JWKS, docs, the SPA
//! fallback, and the real binary's shutdown and JSON logs.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::AsyncReadExt;

use crate::helpers::*;

#[tokio::test]
async fn healthz_and_readyz_answer_200_and_readyz_503_once_the_database_is_gone() {
    let app = spawn_app().await;
    for path in ["/healthz", "/readyz"] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.json::<Value>().await.unwrap()["status"], "ok");
    }
    app.state.store.close().await;
    let r = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "unavailable");
    let r = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200, "the process is still up");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_tokens_by_grant_type_in_prometheus_text() {
    let app = spawn_app().await;
    app.password_tokens("alice", "alicepass").await;
    let r = app.http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("text/plain"), "{ct}");
    let text = r.text().await.unwrap();

    let samples: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for line in &samples {
        let value = line.rsplit(' ').next().unwrap();
        assert!(
            value.parse::<f64>().is_ok(),
            "not a Prometheus sample: {line}"
        );
    }
    // The recorder is the process's, shared with the tests running beside
    // this one: look for this test's request among theirs.
    samples
        .iter()
        .find(|l| {
            l.starts_with("http_requests_total{")
                && l.contains(r#"route="/oauth2/token""#)
                && l.contains(r#"method="POST""#)
                && l.contains(r#"status="200""#)
        })
        .unwrap_or_else(|| panic!("no http_requests_total for POST /oauth2/token 200 in\n{text}"));
    let issued = samples
        .iter()
        .find(|l| l.starts_with(r#"tokens_issued_total{grant_type="password"}"#))
        .unwrap_or_else(|| panic!("no tokens_issued_total for password in\n{text}"));
    assert!(issued.rsplit(' ').next().unwrap().parse::<f64>().unwrap() >= 1.0);
    assert!(text.contains("http_request_duration_seconds"), "{text}");
}

#[tokio::test]
async fn both_discovery_documents_describe_this_server_and_what_it_implements() {
    let app = spawn_app().await;
    let mut docs = Vec::new();
    for path in [
        "/.well-known/openid-configuration",
        "/.well-known/oauth-authorization-server",
    ] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let d: Value = r.json().await.unwrap();
        assert_eq!(d["issuer"], app.base.as_str(), "{path}");
        for (field, endpoint) in [
            ("token_endpoint", "/oauth2/token"),
            ("jwks_uri", "/.well-known/jwks.json"),
            ("userinfo_endpoint", "/oauth2/userinfo"),
            ("revocation_endpoint", "/oauth2/revoke"),
            ("introspection_endpoint", "/oauth2/introspect"),
            ("authorization_endpoint", "/oauth2/authorize"),
            ("end_session_endpoint", "/oauth2/logout"),
        ] {
            assert_eq!(d[field], app.url(endpoint), "{path} {field}");
        }
        let grants: BTreeSet<&str> = d["grant_types_supported"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap())
            .collect();
        assert_eq!(
            grants,
            BTreeSet::from([
                "authorization_code",
                "password",
                "client_credentials",
                "refresh_token"
            ]),
            "{path}"
        );
        assert_eq!(d["grant_types_supported"].as_array().unwrap().len(), 4);
        assert_eq!(d["response_types_supported"], serde_json::json!(["code"]));
        assert_eq!(
            d["code_challenge_methods_supported"],
            serde_json::json!(["S256"])
        );
        assert_eq!(d["authorization_response_iss_parameter_supported"], true);
        docs.push(d);
    }
    assert_eq!(docs[0], docs[1]);
    // Every advertised endpoint answers (here, without credentials, with
    // the JSON errors of a real endpoint rather than 404).
    for field in [
        "token_endpoint",
        "revocation_endpoint",
        "introspection_endpoint",
    ] {
        let r = app
            .http
            .post(docs[0][field].as_str().unwrap())
            .form(&[("x", "y")])
            .send()
            .await
            .unwrap();
        assert_ne!(r.status(), 404, "{field}");
    }
    let r = app
        .http
        .get(docs[0]["userinfo_endpoint"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn every_jwks_key_has_kid_alg_and_use_and_no_private_part() {
    let app = spawn_app().await;
    let r = app
        .http
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let jwks: Value = r.json().await.unwrap();
    let keys = jwks["keys"].as_array().unwrap();
    assert!(!keys.is_empty());
    for k in keys {
        for field in ["kid", "alg", "use", "kty"] {
            assert!(
                k[field].as_str().is_some_and(|v| !v.is_empty()),
                "{field} missing in {k}"
            );
        }
        assert_eq!(k["use"], "sig");
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            assert!(
                k.get(private).is_none(),
                "private member {private} published in {k}"
            );
        }
    }
    let token = app.access_token("alice").await;
    let header = jwt_header(&token);
    let key = keys
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .expect("the signing key is published");
    assert_eq!(key["alg"], header["alg"]);
}

#[tokio::test]
async fn docs_serve_swagger_ui_and_openapi_json_is_json() {
    let app = spawn_app().await;
    let mut url = app.url("/docs");
    let mut r = app.http.get(&url).send().await.unwrap();
    for _ in 0..3 {
        if !r.status().is_redirection() {
            break;
        }
        let location = r.headers()["location"].to_str().unwrap().to_string();
        url = reqwest::Url::parse(&url)
            .unwrap()
            .join(&location)
            .unwrap()
            .to_string();
        r = app.http.get(&url).send().await.unwrap();
    }
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = r.text().await.unwrap();
    assert!(html.to_lowercase().contains("swagger-ui"), "{html}");
    assert!(
        html.contains("openapi.json") || html.contains("spec"),
        "the UI loads the document"
    );

    let r = app.http.get(app.url("/openapi.json")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let doc: Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/oauth2/token"].is_object());
}

#[tokio::test]
async fn without_a_built_spa_its_pages_say_how_to_build_it_and_cannot_be_framed() {
    let app = spawn_app().await;
    for path in ["/login", "/account", "/"] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        let h = r.headers().clone();
        assert!(
            h["content-type"].to_str().unwrap().starts_with("text/html"),
            "{path}"
        );
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("just web") && html.contains("WEB_DIST"),
            "{path}: {html}"
        );
        assert!(html.contains("/docs"), "{path}: points at the API docs");
    }
}

// ---- the real binary

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().unwrap().port()
}

/// Starts `auth-server serve` on a free port; answers once /healthz does.
async fn start_binary(
    db: &TestDb,
    extra: &[(&str, &str)],
) -> (tokio::process::Child, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_auth-server"));
    cmd.arg("serve")
        .env_clear()
        .current_dir(dir.path())
        .env("DATABASE_URL", db.url())
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("ISSUER", &base)
        .env("WEB_DIST", dir.path().join("no-dist"))
        .env("ARGON2_MEMORY_KIB", "256")
        .env("ARGON2_ITERATIONS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start auth-server");
    let http = reqwest::Client::new();
    let start = Instant::now();
    loop {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await
            && r.status() == 200
        {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .await
                .unwrap();
            panic!("auth-server exited early ({status}): {err}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "auth-server did not come up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (child, base, dir)
}

/// SIGTERM, then the exit status within 15 s and everything on stderr.
async fn terminate(mut child: tokio::process::Child) -> (std::process::ExitStatus, String) {
    let pid = child.id().expect("running").to_string();
    let mut stderr = child.stderr.take().unwrap();
    let collect = tokio::spawn(async move {
        let mut s = String::new();
        stderr.read_to_string(&mut s).await.unwrap();
        s
    });
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(kill.success());
    let status = tokio::time::timeout(Duration::from_secs(15), child.wait())
        .await
        .expect("auth-server stops within 15 s of SIGTERM")
        .unwrap();
    (status, collect.await.unwrap())
}

#[tokio::test]
async fn the_server_shuts_down_cleanly_on_sigterm() {
    let db = TestDb::new();
    let (child, base, _dir) = start_binary(&db, &[]).await;
    let http = reqwest::Client::new();
    let r = http
        .get(format!("{base}/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["issuer"], base.as_str());

    let (status, stderr) = terminate(child).await;
    assert!(status.success(), "exit {status}: {stderr}");
    assert!(
        http.get(format!("{base}/healthz")).send().await.is_err(),
        "the port is closed"
    );
}

#[tokio::test]
async fn with_log_format_json_every_stderr_line_is_a_json_object() {
    let db = TestDb::new();
    let (child, base, _dir) = start_binary(&db, &[("LOG_FORMAT", "json")]).await;
    let http = reqwest::Client::new();
    for path in ["/healthz", "/api/nope", "/login", "/.well-known/jwks.json"] {
        http.get(format!("{base}{path}")).send().await.unwrap();
    }
    let (status, stderr) = terminate(child).await;
    assert!(status.success(), "exit {status}: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty());
    let mut requests = Vec::new();
    for line in &lines {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(v.is_object(), "{line}");
        assert!(
            v["level"].is_string() && v["timestamp"].is_string(),
            "{line}"
        );
        if v["message"] == "request" {
            requests.push(v["path"].as_str().unwrap_or_default().to_string());
        }
    }
    assert!(
        requests.iter().any(|p| p == "/api/nope"),
        "access log lines: {requests:?}"
    );
    assert!(
        stderr.contains("WEB_DIST") || stderr.contains("just web"),
        "the start-up says how to build the SPA"
    );
}
