//! The audit log: an entry for every kind of event, with who, whom, from
//! where and when; never a secret; filters and cursor pagination.

use reqwest::Method;
use serde_json::{Value, json};

use crate::admin::{call, expect, user_id};
use crate::helpers::*;

/// The audit entries matching `query` (e.g. `event=login.failed`).
async fn entries(app: &TestApp, admin: &str, query: &str) -> Vec<Value> {
    app.state.audit.flush().await;
    let page = expect(
        app,
        admin,
        Method::GET,
        &format!("/api/admin/audit?limit=500&{query}"),
        None,
        200,
    )
    .await;
    page["entries"].as_array().unwrap().clone()
}

/// Does one of everything, and answers every secret it used or saw.
async fn one_of_everything(app: &TestApp, admin: &str) -> Vec<String> {
    let mut secrets: Vec<String> = vec![
        "alicepass".into(),
        "adminpass".into(),
        DEMO_SECRET.into(),
        SERVICE_KEY.into(),
        admin.into(),
    ];
    // A failed and a successful login, a refresh, a reuse, a revocation, a
    // logout; client credentials.
    let r = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[
                ("grant_type", "password"),
                ("username", "alice"),
                ("password", "wrong-horse-battery"),
            ],
        )
        .await;
    assert_eq!(r.status(), 400);
    secrets.push("wrong-horse-battery".into());
    let t = app.password_tokens("alice", "alicepass").await;
    let rt = t["refresh_token"].as_str().unwrap().to_string();
    let at = t["access_token"].as_str().unwrap().to_string();
    let next: Value = app.refresh(&rt).await.json().await.unwrap();
    assert_eq!(app.refresh(&rt).await.status(), 400, "reuse");
    secrets.extend([
        rt,
        at.clone(),
        next["refresh_token"].as_str().unwrap().into(),
    ]);
    let r = app
        .http
        .post(app.url("/oauth2/revoke"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[("token", at.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t2 = app.password_tokens("alice", "alicepass").await;
    let at2 = t2["access_token"].as_str().unwrap().to_string();
    let r = app
        .http
        .post(app.url("/api/logout"))
        .bearer_auth(&at2)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    secrets.push(at2);
    let cc: Value = app
        .token(
            (DEMO_CLIENT, DEMO_SECRET),
            &[("grant_type", "client_credentials")],
        )
        .await
        .json()
        .await
        .unwrap();
    secrets.push(cc["access_token"].as_str().unwrap().into());

    // Admin changes of every kind.
    let bob = expect(
        app,
        admin,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "bob", "password": "bob-secret-pw", "roles": ["user"]})),
        201,
    )
    .await;
    secrets.push("bob-secret-pw".into());
    let bob_path = format!("/api/admin/users/{}", bob["id"].as_str().unwrap());
    expect(
        app,
        admin,
        Method::PATCH,
        &bob_path,
        Some(json!({"password": "bob-new-secret", "first_name": "Bob"})),
        200,
    )
    .await;
    secrets.push("bob-new-secret".into());
    expect(app, admin, Method::DELETE, &bob_path, None, 204).await;
    let client = expect(
        app,
        admin,
        Method::POST,
        "/api/admin/clients",
        Some(json!({"name": "Reports", "type": "confidential", "grant_types": ["client_credentials"]})),
        201,
    )
    .await;
    secrets.push(client["client_secret"].as_str().unwrap().into());
    let cid = client["client"]["client_id"].as_str().unwrap();
    let rotated = expect(
        app,
        admin,
        Method::POST,
        &format!("/api/admin/clients/{cid}/secret"),
        None,
        200,
    )
    .await;
    secrets.push(rotated["client_secret"].as_str().unwrap().into());
    expect(
        app,
        admin,
        Method::PATCH,
        &format!("/api/admin/clients/{cid}"),
        Some(json!({"name": "Reports 2"})),
        200,
    )
    .await;
    expect(
        app,
        admin,
        Method::DELETE,
        &format!("/api/admin/clients/{cid}"),
        None,
        204,
    )
    .await;
    let key = expect(
        app,
        admin,
        Method::POST,
        "/api/admin/service-keys",
        Some(json!({"name": "Shop"})),
        201,
    )
    .await;
    secrets.push(key["key"].as_str().unwrap().into());
    let kid = key["id"].as_str().unwrap();
    expect(
        app,
        admin,
        Method::DELETE,
        &format!("/api/admin/service-keys/{kid}"),
        None,
        204,
    )
    .await;
    expect(
        app,
        admin,
        Method::POST,
        "/api/admin/roles",
        Some(json!({"name": "auditor"})),
        201,
    )
    .await;
    expect(
        app,
        admin,
        Method::PATCH,
        "/api/admin/roles/auditor",
        Some(json!({"description": "Reads logs"})),
        200,
    )
    .await;
    expect(
        app,
        admin,
        Method::DELETE,
        "/api/admin/roles/auditor",
        None,
        204,
    )
    .await;
    secrets
}

#[tokio::test]
async fn every_kind_of_event_is_logged_with_who_whom_where_and_when_and_no_secret() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let secrets = one_of_everything(&app, &admin).await;
    let alice = user_id(&app, &admin, "alice").await;

    for event in [
        "login.failed",
        "login.succeeded",
        "token.issued",
        "token.refreshed",
        "refresh.reuse_detected",
        "token.revoked",
        "logout",
        "user.created",
        "user.changed",
        "user.deleted",
        "client.registered",
        "client.changed",
        "client.secret_rotated",
        "client.deleted",
        "service_key.created",
        "service_key.revoked",
        "role.created",
        "role.changed",
        "role.deleted",
    ] {
        // Seeding (by the command line) has no address: only HTTP entries.
        let found: Vec<Value> = entries(&app, &admin, &format!("event={event}"))
            .await
            .into_iter()
            .filter(|e| e["actor"] != "cli")
            .collect();
        assert!(!found.is_empty(), "no {event} entry");
        for e in &found {
            assert_eq!(e["event"], event);
            assert_eq!(e["ip"], "127.0.0.1", "{e}");
            assert!(e["at"].as_i64().unwrap() > 0);
            assert!(e["user_agent"].is_string(), "{e}");
        }
    }
    // Details that matter: issuance names grant, client, scope and policies.
    let issued = entries(&app, &admin, &format!("event=token.issued&user={alice}")).await;
    let e = &issued[0];
    assert_eq!(e["client_id"], DEMO_CLIENT);
    assert_eq!(e["actor"], format!("client:{DEMO_CLIENT}"));
    assert_eq!(e["detail"]["grant_type"], "password");
    assert_eq!(e["detail"]["scope"], ALICE_SCOPE);
    assert_eq!(e["detail"]["policies"], json!({"profile": "basic"}));
    let failed = entries(&app, &admin, "event=login.failed").await;
    assert_eq!(failed[0]["user_id"], alice.as_str());
    assert_eq!(failed[0]["detail"]["reason"], "wrong_credentials");
    let changed = entries(&app, &admin, "event=user.changed").await;
    assert!(changed[0]["actor"].as_str().unwrap().starts_with("user:"));
    assert_eq!(
        changed[0]["detail"]["fields"],
        json!(["first_name", "password"])
    );

    // Not one secret anywhere in the table.
    let table = app.audit_table_text().await;
    for secret in &secrets {
        assert!(
            !table.contains(secret.as_str()),
            "a secret is in the audit log"
        );
    }
}

#[tokio::test]
async fn the_audit_log_filters_by_user_client_event_and_time_and_pages_by_cursor() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    let alice = user_id(&app, &admin, "alice").await;
    let start = app.now();
    for _ in 0..5 {
        app.password_tokens("alice", "alicepass").await;
    }
    // One through the service key: another client.
    let r = app
        .post_service(
            "/api/token/password",
            &json!({"username": "admin", "password": "adminpass"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    app.clock.advance(100);
    app.password_tokens("admin", "adminpass").await;

    let mine = entries(&app, &admin, &format!("user={alice}&event=token.issued")).await;
    assert_eq!(mine.len(), 5);
    assert!(mine.iter().all(|e| e["user_id"] == alice.as_str()));
    let later = entries(
        &app,
        &admin,
        &format!("event=token.issued&since={}", start + 50),
    )
    .await;
    assert_eq!(later.len(), 1);
    let earlier = entries(
        &app,
        &admin,
        &format!("event=token.issued&until={}", start + 50),
    )
    .await;
    assert!(earlier.len() >= 5);
    assert!(
        earlier
            .iter()
            .all(|e| e["at"].as_i64().unwrap() <= start + 50)
    );
    let all = entries(&app, &admin, "event=token.issued").await;
    assert_eq!(earlier.len() + later.len(), all.len());
    let by_client = entries(
        &app,
        &admin,
        &format!("client={DEMO_CLIENT}&event=token.issued"),
    )
    .await;
    assert!(by_client.len() >= 6);
    assert!(by_client.iter().all(|e| e["client_id"] == DEMO_CLIENT));
    assert!(all.iter().any(|e| e["client_id"] != DEMO_CLIENT));

    // Pages of two, newest first, each entry once.
    app.state.audit.flush().await;
    let mut seen: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("/api/admin/audit?event=token.issued&limit=2&cursor={c}"),
            None => "/api/admin/audit?event=token.issued&limit=2".to_string(),
        };
        let page = expect(&app, &admin, Method::GET, &q, None, 200).await;
        let got = page["entries"].as_array().unwrap();
        assert!(got.len() <= 2);
        seen.extend(got.iter().map(|e| e["id"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(seen, sorted, "newest first");
    sorted.dedup();
    assert_eq!(seen.len(), sorted.len(), "no entry twice");
    assert!(seen.len() >= 7);

    let r = call(
        &app,
        Method::GET,
        "/api/admin/audit?event=nope",
        Some(&admin),
        None,
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
    let r = call(
        &app,
        Method::GET,
        "/api/admin/audit?limit=0",
        Some(&admin),
        None,
    )
    .await;
    assert_error(r, 400, "invalid_request").await;
    let alice_token = app.access_token("alice").await;
    let r = call(
        &app,
        Method::GET,
        "/api/admin/audit",
        Some(&alice_token),
        None,
    )
    .await;
    assert_error(r, 403, "forbidden").await;
}

#[tokio::test]
async fn entries_older_than_the_retention_are_pruned() {
    let app = spawn_app_with(|s| s.audit_retention_days = 1).await;
    app.password_tokens("alice", "alicepass").await;
    app.state.audit.flush().await;
    app.clock.advance(2 * 86_400);
    auth_server::startup::prune_once(&app.state).await.unwrap();
    let admin = app.access_token("admin").await;
    let left = entries(&app, &admin, "event=token.issued").await;
    assert_eq!(
        left.len(),
        1,
        "only the admin's fresh login is left: {left:?}"
    );
    assert_eq!(left[0]["detail"]["grant_type"], "password");
    assert_ne!(left[0]["user_id"], Value::Null);
}
