//! `POST /api/logout`: the presented access token and the user's refresh
//! tokens at that client end at once, everywhere.

use serde_json::{Value, json};

use crate::account::profile;
use crate::helpers::*;

#[tokio::test]
async fn logout_makes_the_presented_access_token_inactive_everywhere_at_once() {
    let app = spawn_app().await;
    let token = app.access_token("alice").await;
    assert_eq!(app.introspect(&token).await["active"], true);

    let r = app
        .http
        .post(app.url("/api/logout/"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let r = app.get_bearer("/oauth2/userinfo", &token).await;
    assert_error(r, 401, "invalid_token").await;
    assert_eq!(app.introspect(&token).await, json!({"active": false}));
    let r = app
        .post_service("/api/validate-token/", &json!({"token": token}))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"valid": false}));
    let r = app.get_bearer("/api/profile/", &token).await;
    assert_error(r, 401, "invalid_token").await;
    // Logging out twice with the same token is refused like any dead token.
    let r = app
        .http
        .post(app.url("/api/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_error(r, 401, "invalid_token").await;
    // Alice can sign in again.
    let again = app.access_token("alice").await;
    assert_eq!(profile(&app, &again).await["username"], "alice");
}

#[tokio::test]
async fn logout_revokes_the_users_refresh_tokens_of_that_client_but_not_another_clients_session() {
    let app = spawn_app().await;
    let (other_id, other_secret) = app
        .client("confidential", &["password", "refresh_token"], None)
        .await;
    let here = app.password_tokens("alice", "alicepass").await;
    let here_too = app.password_tokens("alice", "alicepass").await;
    let r = app
        .token(
            (&other_id, &other_secret),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "alicepass"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let elsewhere: Value = r.json().await.unwrap();
    // Admin's session of the same client is not alice's.
    let admins = app.password_tokens("admin", "adminpass").await;

    let r = app
        .http
        .post(app.url("/api/logout/"))
        .bearer_auth(here["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    for t in [&here, &here_too] {
        let r = app
            .token(
                (DEMO_CLIENT, DEMO_SECRET),
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", t["refresh_token"].as_str().unwrap()),
                ],
            )
            .await;
        assert_error(r, 400, "invalid_grant").await;
    }

    let r = app
        .token(
            (&other_id, &other_secret),
            &[
                ("grant_type", "refresh_token"),
                (
                    "refresh_token",
                    elsewhere["refresh_token"].as_str().unwrap(),
                ),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        200,
        "the other client's session of alice survives"
    );
    let p = profile(&app, elsewhere["access_token"].as_str().unwrap()).await;
    assert_eq!(p["username"], "alice");

    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", admins["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        200,
        "another user's session of the same client survives"
    );
}
