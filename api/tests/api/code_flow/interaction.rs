//! The interaction API against cross-site requests: every step needs the
//! interaction's CSRF token in `X-CSRF-Token` and the browser that started
//! the request; a refused step changes nothing, so the real one still
//! works afterwards.

use serde_json::{Value, json};

use super::*;

/// A step posted with `token` as the CSRF header (none when `None`).
async fn post_step(
    http: &reqwest::Client,
    app: &TestApp,
    view: &Value,
    name: &str,
    token: Option<&str>,
    body: Value,
) -> reqwest::Response {
    let id = view["id"].as_str().unwrap();
    let mut req = http
        .post(app.url(&format!("/api/interaction/{id}/{name}")))
        .json(&body);
    if let Some(t) = token {
        req = req.header("X-CSRF-Token", t);
    }
    req.send().await.unwrap()
}

/// A browser of its own (its own cookie jar).
fn another_browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

fn alice() -> Value {
    json!({"username": "alice", "password": "alicepass"})
}

#[tokio::test]
async fn a_step_without_the_csrf_token_or_with_a_wrong_one_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    let req = AuthRequest::new("openid profile");
    let to = location(&authorize(&app, &rp, &req).await);
    let view = read_interaction(&app, &to).await;
    let token = view["csrf_token"].as_str().unwrap().to_string();
    assert!(token.len() >= 32, "an unguessable token");

    let mut flipped: Vec<char> = token.chars().collect();
    flipped[0] = if flipped[0] == 'A' { 'B' } else { 'A' };
    let flipped: String = flipped.into_iter().collect();
    for wrong in [None, Some(""), Some("x"), Some(flipped.as_str())] {
        for name in ["login", "deny"] {
            let r = post_step(&app.http, &app, &view, name, wrong, alice()).await;
            assert_error(r, 403, "invalid_csrf_token").await;
        }
    }
    // Nothing happened: not signed in, not denied, still at the login step.
    let now = read_interaction(&app, &to).await;
    assert_eq!(now["next"], "login");
    assert!(now.get("username").is_none_or(Value::is_null), "{now}");
    let silent = AuthRequest::new("openid").with("prompt", "none");
    let back = location(&authorize(&app, &rp, &silent).await);
    assert_eq!(param(&back, "error").as_deref(), Some("login_required"));

    // The right token works.
    let r = post_step(&app.http, &app, &view, "login", Some(&token), alice()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"next": "consent"}));

    // Same at the consent step.
    let consent_body = json!({"scopes": ["openid", "profile"]});
    for wrong in [None, Some(flipped.as_str())] {
        let r = post_step(
            &app.http,
            &app,
            &view,
            "consent",
            wrong,
            consent_body.clone(),
        )
        .await;
        assert_error(r, 403, "invalid_csrf_token").await;
    }
    assert_eq!(read_interaction(&app, &to).await["next"], "consent");
    let back = consent(&app, &view, &["openid", "profile"], json!({})).await;
    code_of(&rp, &back);
}

#[tokio::test]
async fn another_browser_cannot_read_or_drive_an_interaction_even_with_its_token() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", false).await;
    let to = location(&authorize(&app, &rp, &AuthRequest::new("openid")).await);
    let view = read_interaction(&app, &to).await;
    let token = view["csrf_token"].as_str().unwrap();
    let id = view["id"].as_str().unwrap();

    let stranger = another_browser();
    let r = stranger
        .get(app.url(&format!("/api/interaction/{id}")))
        .send()
        .await
        .unwrap();
    assert_error(r, 403, "invalid_csrf_token").await;
    // A stranger with a browser cookie of its own, from a request of its own.
    let p = pkce();
    let r = stranger
        .get(app.url("/oauth2/authorize"))
        .query(&[
            ("response_type", "code"),
            ("client_id", rp.client_id.as_str()),
            ("redirect_uri", rp.redirect_uri.as_str()),
            ("scope", "openid"),
            ("code_challenge", p.challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("auth_browser="))
    );
    for name in ["login", "deny"] {
        let r = post_step(&stranger, &app, &view, name, Some(token), alice()).await;
        assert_error(r, 403, "invalid_csrf_token").await;
    }
    // The user's own browser goes on.
    let (_, answer) = login(&app, &to, "alice", "alicepass").await;
    assert_eq!(answer, json!({"next": "consent"}));
}

#[tokio::test]
async fn a_finished_interaction_cannot_be_replayed() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let to = location(&authorize(&app, &rp, &AuthRequest::new("openid")).await);
    let (view, answer) = login(&app, &to, "alice", "alicepass").await;
    code_of(&rp, &redirect_to(&answer));
    let r = step(&app, &view, "login", alice()).await;
    assert_error(r, 410, "interaction_expired").await;
    let r = step(&app, &view, "deny", json!({})).await;
    assert_error(r, 410, "interaction_expired").await;
}

#[tokio::test]
async fn an_interaction_left_too_long_has_expired() {
    let app = spawn_app().await;
    let rp = register_rp(&app, "confidential", true).await;
    let to = location(&authorize(&app, &rp, &AuthRequest::new("openid")).await);
    let view = read_interaction(&app, &to).await;
    app.clock.advance(app.state.settings.interaction_ttl);
    let r = step(&app, &view, "login", alice()).await;
    assert_error(r, 410, "interaction_expired").await;
}
