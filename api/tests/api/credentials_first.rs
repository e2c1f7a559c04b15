//! Credentials are looked at before anything else of a request, and
//! decoded exactly as the RFCs say.

use base64::Engine;
use serde_json::Value;

use crate::helpers::*;

fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

#[tokio::test]
async fn a_basic_client_id_with_form_syntax_in_it_is_not_another_client() {
    let app = spawn_app().await;
    // `demo-client&x=y` is one (unknown) client id: RFC 6749 §2.3.1 decodes
    // the value, it does not parse it as a form.
    for (id, secret) in [
        ("demo-client&x=y", DEMO_SECRET),
        ("demo-client", "demo-client-secret&x=y"),
        ("x=1&demo-client", DEMO_SECRET),
    ] {
        let r = app
            .http
            .post(app.url("/oauth2/token"))
            .header("authorization", basic(id, secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_error(r, 401, "invalid_client").await;
    }
    // Percent-encoding and `+` still work as the RFC says.
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .header(
            "authorization",
            basic("demo%2Dclient", "demo-client-secret"),
        )
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn integrator_calls_without_a_key_answer_401_whatever_the_body() {
    let app = spawn_app().await;
    for path in [
        "/api/token/password",
        "/api/token/refresh",
        "/api/validate-token",
    ] {
        for (ct, body) in [
            ("application/json", "{not json"),
            ("application/xml", "<x/>"),
            ("application/json", r#"{"username": 5}"#),
        ] {
            let r = app
                .http
                .post(app.url(path))
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .unwrap();
            let body = assert_error(r, 401, "invalid_service_key").await;
            let text = body.to_string();
            assert!(
                !text.contains("username") && !text.contains("parse"),
                "{path}: {text}"
            );
        }
    }
}

#[tokio::test]
async fn admin_calls_answer_401_or_403_before_the_body_is_read() {
    let app = spawn_app().await;
    let alice = app.access_token("alice").await;
    for path in ["/api/admin/users", "/api/admin/clients", "/api/admin/roles"] {
        let broken = |token: Option<&str>| {
            let mut req = app
                .http
                .post(app.url(path))
                .header("content-type", "application/json")
                .body("{broken");
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req.send()
        };
        assert_error(broken(None).await.unwrap(), 401, "invalid_token").await;
        assert_error(broken(Some(&alice)).await.unwrap(), 403, "forbidden").await;
    }
}

#[tokio::test]
async fn a_missing_token_is_challenged_without_an_error_code() {
    let app = spawn_app().await;
    // RFC 6750 §3.1: no credentials, no error in the challenge.
    let r = app.http.get(app.url("/api/profile")).send().await.unwrap();
    assert_eq!(
        r.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some(r#"Bearer realm="auth-server""#)
    );
    assert_error(r, 401, "invalid_token").await;
    // A bad token names its error.
    let r = app.get_bearer("/api/profile", "garbage").await;
    assert_eq!(
        r.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some(r#"Bearer realm="auth-server", error="invalid_token""#)
    );
    let _: Value = r.json().await.unwrap();
}
