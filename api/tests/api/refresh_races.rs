//! Rotation racing revocation, deterministically: one side's transaction
//! is held open at the point that matters while the other side runs into
//! it, and only then committed. On PostgreSQL the waiting side is seen
//! waiting on a lock (`pg_stat_activity`) before the first commits; on
//! SQLite it waits for the one write lock.

use std::time::Duration;

use auth_server::storage::{Families, RefreshRecord, Rotation};
use serde_json::Value;

use crate::helpers::*;

/// Alice's refresh token and the record it is stored as.
async fn alices_family(app: &TestApp) -> (String, RefreshRecord) {
    let t: Value = app.password_tokens("alice", "alicepass").await;
    let token = t["refresh_token"].as_str().unwrap().to_string();
    let record = app
        .state
        .store
        .find_refresh_by_hash(&sha256_hex(&token))
        .await
        .unwrap()
        .unwrap();
    (token, record)
}

/// Waits until `task` is blocked on a lock held by the test: on PostgreSQL
/// until a session of this database waits on a lock; on SQLite, where the
/// second writer waits on the busy timeout, a short while.
async fn until_blocked<T>(app: &TestApp, task: &tokio::task::JoinHandle<T>) {
    if app.state.store.backend().name() == "postgres" {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let waiting: i64 = app
                .sql_scalar(
                    "SELECT COUNT(*) FROM pg_stat_activity \
                     WHERE datname = current_database() AND wait_event_type = 'Lock'",
                )
                .await;
            if waiting > 0 {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "never blocked");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    } else {
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(
        !task.is_finished(),
        "the other side must wait for the held transaction"
    );
}

#[tokio::test]
async fn a_revocation_arriving_during_a_rotation_also_revokes_the_successor() {
    let app = spawn_app().await;
    let (token, parent) = alices_family(&app).await;
    let store = app.state.store.clone();
    let now = app.now();

    // The rotation has consumed the parent and inserted the successor, and
    // has not committed yet.
    let mut rotation = store.begin_write().await.unwrap();
    let successor_hash = sha256_hex("rt_successor-under-test");
    let rotated = store
        .rotate_refresh_token_in(
            &mut rotation,
            &Rotation {
                family_id: &parent.family_id,
                hash: &sha256_hex(&token),
                successor_id: "successor-under-test",
                successor_hash: &successor_hash,
                now,
                successor_expires_at: now + 3600,
            },
        )
        .await
        .unwrap();
    assert!(rotated.is_some());

    // A revocation of the family (reuse detected elsewhere, a logout)
    // arrives now and has to wait.
    let family = parent.family_id.clone();
    let revoking = {
        let store = store.clone();
        tokio::spawn(async move { store.revoke_refresh(Families::One(&family), now).await })
    };
    until_blocked(&app, &revoking).await;
    rotation.commit().await.unwrap();
    revoking.await.unwrap().unwrap();

    let successor = store
        .find_refresh("successor-under-test")
        .await
        .unwrap()
        .unwrap();
    assert!(
        successor.revoked_at.is_some(),
        "the successor inserted by the racing rotation is revoked with its family"
    );
}

#[tokio::test]
async fn a_rotation_arriving_during_a_revocation_is_refused_and_adds_no_successor() {
    let app = spawn_app().await;
    let (token, parent) = alices_family(&app).await;
    let store = app.state.store.clone();
    let now = app.now();

    // The revocation has ended the family and not committed yet.
    let mut revocation = store.begin_write().await.unwrap();
    store
        .revoke_refresh_in(&mut revocation, Families::One(&parent.family_id), now)
        .await
        .unwrap();

    let rotating = {
        let store = store.clone();
        let family = parent.family_id.clone();
        let hash = sha256_hex(&token);
        tokio::spawn(async move {
            store
                .rotate_refresh_token(&Rotation {
                    family_id: &family,
                    hash: &hash,
                    successor_id: "must-not-exist",
                    successor_hash: &sha256_hex("rt_must-not-exist"),
                    now,
                    successor_expires_at: now + 3600,
                })
                .await
        })
    };
    until_blocked(&app, &rotating).await;
    revocation.commit().await.unwrap();

    assert!(
        rotating.await.unwrap().unwrap().is_none(),
        "the rotation is refused"
    );
    assert!(
        store
            .find_refresh("must-not-exist")
            .await
            .unwrap()
            .is_none()
    );
    // And over HTTP the token is as dead as its family.
    assert_error(app.refresh(&token).await, 400, "invalid_grant").await;
}

#[tokio::test]
async fn a_logout_racing_a_refresh_leaves_no_live_token_in_the_family() {
    // The same property through the public API: whatever the interleaving,
    // after a logout no refresh token of that login still works.
    let app = spawn_app().await;
    for _ in 0..5 {
        let t = app.password_tokens("alice", "alicepass").await;
        let access = t["access_token"].as_str().unwrap().to_string();
        let refresh = t["refresh_token"].as_str().unwrap().to_string();
        let (r, l) = tokio::join!(app.refresh(&refresh), async {
            app.http
                .post(app.url("/api/logout"))
                .bearer_auth(&access)
                .send()
                .await
                .unwrap()
        });
        assert_eq!(l.status(), 200);
        if r.status() == 200 {
            let next: Value = r.json().await.unwrap();
            let successor = next["refresh_token"].as_str().unwrap();
            assert_error(app.refresh(successor).await, 400, "invalid_grant").await;
        }
    }
}
