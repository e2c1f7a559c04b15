//! RFC 6749 §6: the refresh_token grant, with rotation and reuse detection
//! (RFC 9700 §4.14.2) and the `REFRESH_GRACE_SECONDS` window.

use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::helpers::*;

async fn refresh_scoped(app: &TestApp, token: &str, scope: &str) -> reqwest::Response {
    app.token(
        (DEMO_CLIENT, DEMO_SECRET),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", token),
            ("scope", scope),
        ],
    )
    .await
}

/// Refreshes and answers the token response, asserting success.
async fn refreshed(app: &TestApp, token: &str) -> Value {
    let r = app.refresh(token).await;
    assert_eq!(r.status(), 200, "refresh");
    r.json().await.unwrap()
}

async fn alices_refresh_token(app: &TestApp) -> String {
    app.password_tokens("alice", "alicepass").await["refresh_token"]
        .as_str()
        .unwrap()
        .to_string()
}

fn rt(t: &Value) -> String {
    t["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_string()
}

#[tokio::test]
async fn a_refresh_rotates_the_token_and_the_old_one_is_refused() {
    let app = spawn_app().await;
    let first = app.password_tokens("alice", "alicepass").await;
    let old = rt(&first);
    let r = app.refresh(&old).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let t: Value = r.json().await.unwrap();
    let new = rt(&t);
    assert!(new.starts_with("rt_"));
    assert_ne!(new, old);
    assert_eq!(t["scope"], first["scope"]);

    // The new access token speaks for the same user, from the same login.
    let before = jwt_claims(first["access_token"].as_str().unwrap());
    let after = jwt_claims(t["access_token"].as_str().unwrap());
    assert_eq!(after["sub"], before["sub"]);
    assert_eq!(after["auth_time"], before["auth_time"]);
    assert_eq!(after["roles"], json!(["user"]));
    assert_eq!(after["policies"], json!({"profile": "basic"}));
    assert_ne!(after["jti"], before["jti"]);
    assert!(
        t["id_token"].as_str().is_some(),
        "openid is still granted: {t}"
    );

    assert_error(app.refresh(&old).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn a_reused_refresh_token_revokes_its_family() {
    let app = spawn_app().await;
    let a = alices_refresh_token(&app).await;
    let b = rt(&refreshed(&app, &a).await);

    // Someone presents `a` again: two parties hold it.
    assert_error(app.refresh(&a).await, 400, "invalid_grant").await;
    // The legitimate successor is gone too.
    assert_error(app.refresh(&b).await, 400, "invalid_grant").await;

    // Another login of the same user is a family of its own.
    let other = alices_refresh_token(&app).await;
    refreshed(&app, &other).await;
}

#[tokio::test]
async fn a_reused_token_deep_in_the_chain_revokes_the_latest_successor() {
    let app = spawn_app().await;
    let a = alices_refresh_token(&app).await;
    let b = rt(&refreshed(&app, &a).await);
    let c = rt(&refreshed(&app, &b).await);
    let d = rt(&refreshed(&app, &c).await);

    assert_error(app.refresh(&b).await, 400, "invalid_grant").await;
    assert_error(app.refresh(&d).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn twenty_parallel_refreshes_of_one_token_give_exactly_one_success() {
    let app = spawn_app().await;
    let token = alices_refresh_token(&app).await;
    let mut tasks = JoinSet::new();
    for _ in 0..20 {
        let http = app.http.clone();
        let url = app.url("/oauth2/token");
        let token = token.clone();
        tasks.spawn(async move {
            let r = http
                .post(url)
                .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", token.as_str()),
                ])
                .send()
                .await
                .expect("request");
            let status = r.status().as_u16();
            let body: Value = r.json().await.expect("JSON body");
            (status, body)
        });
    }
    let mut ok = 0;
    let mut refused = 0;
    while let Some(joined) = tasks.join_next().await {
        let (status, body) = joined.expect("task");
        match status {
            200 => ok += 1,
            400 => {
                assert_eq!(body["error"], "invalid_grant", "{body}");
                refused += 1;
            }
            other => panic!("status {other}: {body}"),
        }
    }
    assert_eq!((ok, refused), (1, 19));
}

#[tokio::test]
async fn asking_for_more_scope_than_granted_is_invalid_scope_and_does_not_use_up_the_token() {
    let app = spawn_app().await;
    let mut form = vec![
        ("grant_type", "password"),
        ("username", "alice"),
        ("password", "alicepass"),
    ];
    form.push(("scope", "openid email"));
    let t: Value = app
        .token((DEMO_CLIENT, DEMO_SECRET), &form)
        .await
        .json()
        .await
        .unwrap();
    let token = rt(&t);

    // `profile` is the client's, but was not granted to this token.
    assert_error(
        refresh_scoped(&app, &token, "openid profile").await,
        400,
        "invalid_scope",
    )
    .await;
    assert_error(
        refresh_scoped(&app, &token, "account").await,
        400,
        "invalid_scope",
    )
    .await;

    let t = refreshed(&app, &token).await;
    assert_eq!(t["scope"], "openid email");
}

#[tokio::test]
async fn a_narrower_scope_is_granted_and_the_successor_keeps_the_original_scope() {
    let app = spawn_app().await;
    let token = alices_refresh_token(&app).await;
    let r = refresh_scoped(&app, &token, "email").await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["scope"], "email");
    let claims = jwt_claims(t["access_token"].as_str().unwrap());
    assert_eq!(claims["scope"], "email");
    assert_eq!(claims["policies"], json!({}));
    assert!(t.get("id_token").is_none(), "no openid, no ID token: {t}");

    // RFC 6749 §6: the new refresh token has the scope of the old one.
    let t = refreshed(&app, &rt(&t)).await;
    assert_eq!(t["scope"], ALICE_SCOPE);
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["policies"],
        json!({"profile": "basic"})
    );
}

#[tokio::test]
async fn another_clients_refresh_token_is_invalid_grant_and_stays_usable_by_its_owner() {
    let app = spawn_app().await;
    let token = alices_refresh_token(&app).await;
    let (id, secret) = app
        .client("confidential", &["password", "refresh_token"], None)
        .await;
    let r = app
        .token(
            (&id, &secret),
            &[("grant_type", "refresh_token"), ("refresh_token", &token)],
        )
        .await;
    assert_error(r, 400, "invalid_grant").await;

    let t = refreshed(&app, &token).await;
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        DEMO_CLIENT
    );
}

#[tokio::test]
async fn an_expired_refresh_token_is_invalid_grant() {
    let app = spawn_app().await;
    let token = alices_refresh_token(&app).await;
    app.clock.advance(app.state.settings.refresh_token_ttl - 1);
    let fresh = rt(&refreshed(&app, &token).await);

    app.clock.advance(app.state.settings.refresh_token_ttl + 1);
    assert_error(app.refresh(&fresh).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn an_unknown_or_missing_refresh_token_is_refused() {
    let app = spawn_app().await;
    assert_error(
        app.refresh("rt_not-a-real-token").await,
        400,
        "invalid_grant",
    )
    .await;
    assert_error(app.refresh(&"x".repeat(600)).await, 400, "invalid_grant").await;
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "refresh_token")],
        )
        .await;
    assert_error(r, 400, "invalid_request").await;
}

#[tokio::test]
async fn a_client_without_the_refresh_grant_gets_no_refresh_token() {
    let app = spawn_app().await;
    let (id, secret) = app.client("confidential", &["password"], None).await;
    let r = app
        .token(
            (&id, &secret),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert!(t.get("refresh_token").is_none(), "{t}");

    let token = alices_refresh_token(&app).await;
    let r = app
        .token(
            (&id, &secret),
            &[("grant_type", "refresh_token"), ("refresh_token", &token)],
        )
        .await;
    assert_error(r, 400, "unauthorized_client").await;
}

#[tokio::test]
async fn within_the_grace_window_a_duplicate_refresh_gets_the_same_successor() {
    let app = spawn_app_with(|s| s.refresh_grace_seconds = 5).await;
    let token = alices_refresh_token(&app).await;
    let first = refreshed(&app, &token).await;
    app.clock.advance(5);
    let second = refreshed(&app, &token).await;
    assert_eq!(rt(&first), rt(&second));
    assert_ne!(first["access_token"], second["access_token"]);

    // The successor works, once.
    let next = refreshed(&app, &rt(&second)).await;
    assert_ne!(rt(&next), rt(&second));
}

#[tokio::test]
async fn after_the_grace_window_a_duplicate_refresh_revokes_the_family() {
    let app = spawn_app_with(|s| s.refresh_grace_seconds = 5).await;
    let token = alices_refresh_token(&app).await;
    let successor = rt(&refreshed(&app, &token).await);
    app.clock.advance(6);
    assert_error(app.refresh(&token).await, 400, "invalid_grant").await;
    assert_error(app.refresh(&successor).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn within_the_grace_window_a_duplicate_after_the_successor_was_used_revokes_the_family() {
    let app = spawn_app_with(|s| s.refresh_grace_seconds = 5).await;
    let token = alices_refresh_token(&app).await;
    let successor = rt(&refreshed(&app, &token).await);
    let grandchild = rt(&refreshed(&app, &successor).await);
    assert_error(app.refresh(&token).await, 400, "invalid_grant").await;
    assert_error(app.refresh(&grandchild).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn with_a_grace_window_parallel_refreshes_all_get_the_same_successor() {
    let app = spawn_app_with(|s| s.refresh_grace_seconds = 5).await;
    let token = alices_refresh_token(&app).await;
    let mut tasks = JoinSet::new();
    for _ in 0..10 {
        let http = app.http.clone();
        let url = app.url("/oauth2/token");
        let token = token.clone();
        tasks.spawn(async move {
            let r = http
                .post(url)
                .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", token.as_str()),
                ])
                .send()
                .await
                .expect("request");
            (
                r.status().as_u16(),
                r.json::<Value>().await.expect("JSON body"),
            )
        });
    }
    let mut successors = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let (status, body) = joined.expect("task");
        assert_eq!(status, 200, "{body}");
        successors.push(rt(&body));
    }
    successors.dedup();
    assert_eq!(successors.len(), 1, "{successors:?}");
    refreshed(&app, &successors[0]).await;
}
