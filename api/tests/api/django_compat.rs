//! django-oauth-toolkit's URLs (`/o/authorize/`, `/o/token/`,
//! `/o/revoke_token/`, `/o/introspect/`, `/o/userinfo/`) for clients of the
//! Django server this one replaces: the same answers as their `/oauth2/`
//! twins, on by default, off with `DJANGO_COMPAT_ROUTES=false`.

use serde_json::Value;

use crate::code_flow::{
    AuthRequest, authorize, authorize_at, location, login, param, redirect_to, register_rp,
};
use crate::helpers::*;

/// `POST path` with the demo client's Basic credentials.
async fn post_as_demo(app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.http
        .post(app.url(path))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn password_grant_at(app: &TestApp, path: &str) -> reqwest::Response {
    post_as_demo(
        app,
        path,
        &[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", "alicepass"),
        ],
    )
    .await
}

#[tokio::test]
async fn the_token_introspection_userinfo_and_revocation_urls_of_dot_work_as_ours() {
    let app = spawn_app().await;
    for path in ["/o/token/", "/o/token"] {
        let r = password_grant_at(&app, path).await;
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
        let t: Value = r.json().await.unwrap();
        assert!(jwt_claims(t["access_token"].as_str().unwrap())["sub"].is_string());
    }
    let t: Value = password_grant_at(&app, "/o/token/")
        .await
        .json()
        .await
        .unwrap();
    let access = t["access_token"].as_str().unwrap();
    let refresh = t["refresh_token"].as_str().unwrap();

    let r = post_as_demo(&app, "/o/introspect/", &[("token", access)]).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["active"], true, "{body}");
    assert_eq!(body["client_id"], DEMO_CLIENT);

    let r = app.get_bearer("/o/userinfo/", access).await;
    assert_eq!(r.status(), 200);
    let claims: Value = r.json().await.unwrap();
    let ours: Value = app
        .get_bearer("/oauth2/userinfo", access)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(claims, ours);

    let r = post_as_demo(&app, "/o/revoke_token/", &[("token", refresh)]).await;
    assert_eq!(r.status(), 200);
    assert_error(app.refresh(refresh).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn dot_urls_answer_errors_as_json_like_every_api_path() {
    let app = spawn_app().await;
    // No grant_type: the token endpoint's own error.
    assert_error(
        post_as_demo(&app, "/o/token/", &[("username", "alice")]).await,
        400,
        "invalid_request",
    )
    .await;
    let r = app.http.get(app.url("/o/token/")).send().await.unwrap();
    assert_error(r, 405, "method_not_allowed").await;
    let r = app
        .http
        .post(app.url("/o/introspect/"))
        .form(&[("token", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_client");
    let r = app.get_bearer("/o/userinfo/", "not-a-token").await;
    assert_error(r, 401, "invalid_token").await;
}

#[tokio::test]
async fn the_authorization_code_flow_and_logout_run_through_dot_urls() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", true).await;
    let req = AuthRequest::new("openid profile");
    let pkce = req.pkce.clone().unwrap();
    let to = location(&authorize_at(&app, "/o/authorize/", &rp, &req).await);
    let (_, answer) = login(&app, &to, "alice", "alicepass").await;
    let back = redirect_to(&answer);
    assert!(back.as_str().starts_with(&rp.redirect_uri), "{back}");
    assert_eq!(param(&back, "state").as_deref(), Some(req.state.as_str()));
    let code = param(&back, "code").expect("a code");
    let r = app
        .http
        .post(app.url("/o/token/"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", rp.redirect_uri.as_str()),
            ("client_id", rp.client_id.as_str()),
            ("code_verifier", pkce.verifier.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    let id_token = t["id_token"].as_str().expect("an ID token");

    // Signed in: a silent sign-in gets a code.
    let silent = AuthRequest::new("openid").with("prompt", "none");
    let back = location(&authorize(&app, &rp, &silent).await);
    assert!(param(&back, "code").is_some(), "{back}");

    // DOT's RP-initiated logout URL too.
    let r = app
        .http
        .get(app.url("/o/logout/"))
        .query(&[
            ("id_token_hint", id_token),
            ("post_logout_redirect_uri", rp.post_logout.as_str()),
            ("state", "bye"),
        ])
        .send()
        .await
        .unwrap();
    let after = location(&r);
    assert!(after.as_str().starts_with(&rp.post_logout), "{after}");
    assert_eq!(param(&after, "state").as_deref(), Some("bye"));
    // The browser session ended: a silent sign-in now needs the login.
    let silent = AuthRequest::new("openid").with("prompt", "none");
    let back = location(&authorize(&app, &rp, &silent).await);
    assert_eq!(param(&back, "error").as_deref(), Some("login_required"));
}

#[tokio::test]
async fn authorization_errors_at_the_dot_url_go_where_ours_send_them() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "public", false).await;
    for req in [
        // PKCE is required of public clients.
        AuthRequest::new("openid")
            .without_pkce()
            .with("state", "s1"),
        // No session to be silent with.
        AuthRequest::new("openid")
            .with("prompt", "none")
            .with("state", "s2"),
    ] {
        let ours = location(&authorize(&app, &rp, &req).await);
        let dots = location(&authorize_at(&app, "/o/authorize/", &rp, &req).await);
        assert!(ours.as_str().starts_with(&rp.redirect_uri), "{ours}");
        assert!(param(&ours, "error").is_some(), "{ours}");
        assert_eq!(dots, ours);
    }
}

#[tokio::test]
async fn metrics_count_dot_urls_under_the_routes_they_reach() {
    let app = spawn_app().await;
    let access = app.access_token("alice").await;
    assert_eq!(app.get_bearer("/o/userinfo/", &access).await.status(), 200);
    let text = app
        .http
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("http_requests_total{")
            && l.contains(r#"route="/oauth2/userinfo""#)
            && l.contains(r#"method="GET""#)),
        "{text}"
    );
    assert!(!text.contains(r#"route="/o/"#), "{text}");
}

#[tokio::test]
async fn dot_urls_are_not_served_when_turned_off() {
    let app = spawn_app_with(|s| s.django_compat_routes = false).await;
    let access = app.access_token("alice").await;
    let r = password_grant_at(&app, "/o/token/").await;
    assert_ne!(r.status(), 200);
    assert!(!r.text().await.unwrap().contains("access_token"));
    for path in ["/o/userinfo/", "/o/authorize/", "/o/logout/"] {
        let r = app.get_bearer(path, &access).await;
        assert_ne!(r.status(), 200, "{path}");
        assert_ne!(r.status(), 302, "{path}");
    }
    let r = post_as_demo(&app, "/o/introspect/", &[("token", &access)]).await;
    assert!(!r.text().await.unwrap().contains("active"));
    let r = post_as_demo(&app, "/o/revoke_token/", &[("token", &access)]).await;
    assert_ne!(r.status(), 200);
    // The token still works: nothing was revoked.
    assert_eq!(
        app.get_bearer("/oauth2/userinfo", &access).await.status(),
        200
    );
}
