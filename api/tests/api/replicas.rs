//! Several servers on one database behave as one: what one replica issues,
//! rotates, revokes or signs, the others honour.

use std::time::{Duration, Instant};

use auth_server::config::SigningAlg;
use auth_server::keys::KeyRing;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::helpers::*;

#[tokio::test]
async fn a_token_issued_by_one_replica_is_honoured_by_another() {
    let a = spawn_app().await;
    let b = a.replica().await;
    let t = a.password_tokens("alice", "alicepass").await;
    let at = t["access_token"].as_str().unwrap();

    let info: Value = b
        .get_bearer("/oauth2/userinfo", at)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["preferred_username"], "alice");
    let v: Value = b
        .post_service("/api/validate-token", &json!({"token": at}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true);
    let i: Value = b
        .http
        .post(b.url("/oauth2/introspect"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[("token", at)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(i["active"], true);
    assert_eq!(i["iss"], a.base.as_str());
}

#[tokio::test]
async fn a_refresh_rotated_at_one_replica_and_reused_at_another_revokes_the_family() {
    let a = spawn_app().await;
    let b = a.replica().await;
    let first = a.password_tokens("alice", "alicepass").await["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = b.refresh(&first).await;
    assert_eq!(r.status(), 200);
    let second: Value = r.json().await.unwrap();
    let second = second["refresh_token"].as_str().unwrap().to_string();

    assert_error(a.refresh(&first).await, 400, "invalid_grant").await;
    // The reuse revoked the successor too, wherever it is presented.
    assert_error(b.refresh(&second).await, 400, "invalid_grant").await;
    assert_error(a.refresh(&second).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn parallel_refreshes_split_across_replicas_have_exactly_one_winner() {
    let a = spawn_app().await;
    let b = a.replica().await;
    let token = a.password_tokens("alice", "alicepass").await["refresh_token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut set = JoinSet::new();
    for i in 0..20 {
        let (http, base) = if i % 2 == 0 {
            (a.http.clone(), a.base.clone())
        } else {
            (b.http.clone(), b.base.clone())
        };
        let token = token.clone();
        set.spawn(async move {
            http.post(format!("{base}/oauth2/token"))
                .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", token.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(s) = set.join_next().await {
        statuses.push(s.unwrap());
    }
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 400),
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_logout_at_one_replica_is_seen_at_once_by_another() {
    let a = spawn_app().await;
    let b = a.replica().await;
    let at = a.access_token("alice").await;
    assert_eq!(b.get_bearer("/api/profile", &at).await.status(), 200);
    let r = a
        .http
        .post(a.url("/api/logout"))
        .bearer_auth(&at)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_error(
        b.get_bearer("/api/profile", &at).await,
        401,
        "invalid_token",
    )
    .await;
}

#[tokio::test]
async fn a_key_rotation_is_picked_up_by_every_replica_within_five_seconds() {
    let a = spawn_app().await;
    let b = a.replica().await;
    let before = a.access_token("alice").await;
    let kid = KeyRing::rotate(&a.state.store, None, SigningAlg::Rs256, a.now())
        .await
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut seen = 0;
        for app in [&a, &b] {
            let t = app.access_token("alice").await;
            if jwt_header(&t)["kid"] == kid.as_str() {
                seen += 1;
            }
        }
        if seen == 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "a replica still signs with the old key"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // A token signed with the new key at one replica validates at the
    // other, and one signed before the rotation still does.
    let after = a.access_token("alice").await;
    for t in [&before, &after] {
        let v: Value = b
            .post_service("/api/validate-token", &json!({"token": t}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["valid"], true);
    }
}
