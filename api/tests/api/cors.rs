//! CORS for registered clients' browser apps: allowed origins get their
//! origin echoed (never `*`), others nothing; preflights answered.

use auth_server::domain::clients::{ClientRegistration, register_client};

use crate::helpers::*;

const APP_ORIGIN: &str = "https://app.example.com";

async fn with_spa_client(app: &TestApp) -> String {
    let reg = ClientRegistration {
        id: None,
        name: "Example SPA".into(),
        client_type: "public".into(),
        grant_types: vec!["authorization_code".into(), "refresh_token".into()],
        redirect_uris: vec![format!("{APP_ORIGIN}/callback")],
        post_logout_redirect_uris: vec![],
        allowed_origins: None,
        scope: None,
        skip_consent: false,
    };
    let ctx = app.state.local_context(auth_server::domain::Actor::Cli);
    register_client(&app.state.store, &ctx, reg)
        .await
        .unwrap()
        .client
        .id
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    r.headers().get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn an_allowed_origin_is_echoed_on_preflight_and_request_never_a_wildcard() {
    let app = spawn_app().await;
    with_spa_client(&app).await;
    for path in [
        "/oauth2/token",
        "/oauth2/userinfo",
        "/oauth2/revoke",
        "/api/account/grants",
    ] {
        let r = app
            .http
            .request(reqwest::Method::OPTIONS, app.url(path))
            .header("Origin", APP_ORIGIN)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization, content-type",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204, "{path}");
        assert_eq!(header(&r, "access-control-allow-origin"), Some(APP_ORIGIN));
        assert!(
            header(&r, "access-control-allow-methods")
                .unwrap()
                .contains("POST")
        );
        assert!(
            header(&r, "access-control-allow-headers")
                .unwrap()
                .contains("Authorization")
        );
        assert_eq!(header(&r, "access-control-allow-credentials"), None);
    }
    let alice = app.access_token("alice").await;
    let r = app
        .http
        .get(app.url("/oauth2/userinfo"))
        .header("Origin", APP_ORIGIN)
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "access-control-allow-origin"), Some(APP_ORIGIN));
    assert_eq!(header(&r, "vary"), Some("Origin"));
}

#[tokio::test]
async fn an_unregistered_origin_gets_no_cors_headers() {
    let app = spawn_app().await;
    with_spa_client(&app).await;
    for origin in [
        "https://evil.example.com",
        "https://app.example.com.evil.com",
        "http://app.example.com",
        "https://app.example.com:8443",
        "null",
    ] {
        let r = app
            .http
            .request(reqwest::Method::OPTIONS, app.url("/oauth2/token"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .send()
            .await
            .unwrap();
        assert_eq!(header(&r, "access-control-allow-origin"), None, "{origin}");
        assert_error(r, 403, "origin_not_allowed").await;
        let r = app
            .http
            .post(app.url("/oauth2/token"))
            .header("Origin", origin)
            .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        assert_eq!(header(&r, "access-control-allow-origin"), None, "{origin}");
    }
    // Endpoints that are not for browsers never answer CORS.
    let r = app
        .http
        .request(reqwest::Method::OPTIONS, app.url("/api/admin/users"))
        .header("Origin", APP_ORIGIN)
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&r, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn an_unregistered_origin_is_refused_on_every_browser_endpoint_not_only_the_token_one() {
    let app = spawn_app().await;
    with_spa_client(&app).await;
    let evil = "https://evil.example.com";
    for (method, path) in [
        ("GET", "/oauth2/userinfo"),
        ("POST", "/oauth2/revoke"),
        ("GET", "/api/account/grants"),
        ("DELETE", "/api/account/grants/demo-client"),
        ("PATCH", "/api/profile"),
    ] {
        let r = app
            .http
            .request(reqwest::Method::OPTIONS, app.url(path))
            .header("Origin", evil)
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", "authorization")
            .send()
            .await
            .unwrap();
        assert_eq!(header(&r, "access-control-allow-origin"), None, "{path}");
        assert_eq!(header(&r, "access-control-allow-methods"), None, "{path}");
        assert_error(r, 403, "origin_not_allowed").await;
    }
    // The request itself is answered (a server cannot stop a browser from
    // sending it) but without the header the browser needs to read it.
    let alice = app.access_token("alice").await;
    for path in ["/oauth2/userinfo", "/api/account/grants"] {
        let r = app
            .http
            .get(app.url(path))
            .header("Origin", evil)
            .bearer_auth(&alice)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(header(&r, "access-control-allow-origin"), None, "{path}");
        assert_eq!(header(&r, "vary"), Some("Origin"), "{path}");
    }
}
