//! Throttling of wrong passwords per user and per address: growing delays
//! with 429 and `Retry-After`, recovery after the delay, and an owner who
//! still gets in from their usual address while a stranger guesses.

use serde_json::Value;

use crate::helpers::*;

/// A password-grant login for alice from `ip` (believed: the test server
/// trusts the loopback proxy).
async fn login_from(app: &TestApp, ip: &str, password: &str) -> reqwest::Response {
    app.http
        .post(app.url("/oauth2/token"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .header("X-Forwarded-For", ip)
        .form(&[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

async fn behind_a_proxy() -> TestApp {
    spawn_app_with(|s| s.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await
}

fn retry_after(r: &reqwest::Response) -> u64 {
    r.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After")
}

#[tokio::test]
async fn wrong_passwords_are_held_back_with_429_then_let_through_after_the_delay() {
    let app = behind_a_proxy().await;
    for _ in 0..6 {
        assert_error(
            login_from(&app, "198.51.100.1", "wrong").await,
            400,
            "invalid_grant",
        )
        .await;
    }
    // The sixth failure holds alice and the address back for a second:
    // even the right password waits, and no password is hashed meanwhile.
    let r = login_from(&app, "198.51.100.1", "alicepass").await;
    assert_eq!(retry_after(&r), 1);
    let body = assert_error(r, 429, "too_many_requests").await;
    assert!(body["error_description"].as_str().unwrap().contains("wait"));

    app.clock.advance(2);
    let r = login_from(&app, "198.51.100.1", "alicepass").await;
    assert_eq!(r.status(), 200, "recovered after the delay");
}

#[tokio::test]
async fn each_further_failure_doubles_the_wait() {
    let app = behind_a_proxy().await;
    let mut waits = Vec::new();
    for _ in 0..9 {
        let r = login_from(&app, "198.51.100.1", "wrong").await;
        if r.status() == 429 {
            let wait = retry_after(&r);
            waits.push(wait);
            app.clock.advance(wait as i64);
        }
        // Let the next attempt through to count as a failure.
        let r = login_from(&app, "198.51.100.1", "wrong").await;
        assert_ne!(r.status(), 200);
    }
    // 1 s after the sixth failure, then twice as long each time (up to the
    // user's cap of a minute).
    assert_eq!(waits.first(), Some(&1), "{waits:?}");
    assert!(waits.windows(2).all(|w| w[1] == 2 * w[0]), "{waits:?}");
    assert!(waits.last().copied().unwrap_or(0) >= 8, "{waits:?}");
}

#[tokio::test]
async fn the_owner_gets_in_from_their_usual_address_while_a_stranger_guesses() {
    let app = behind_a_proxy().await;
    let home = "192.0.2.10";
    assert_eq!(login_from(&app, home, "alicepass").await.status(), 200);

    // A stranger guesses from elsewhere until held back for a while.
    for _ in 0..12 {
        let r = login_from(&app, "203.0.113.66", "guess").await;
        assert_ne!(r.status(), 200);
    }
    let r = login_from(&app, "203.0.113.66", "alicepass").await;
    assert_eq!(r.status(), 429, "the stranger's address is held back");

    // From an address the owner never used, alice is held back, for at
    // most a minute...
    let r = login_from(&app, "192.0.2.99", "alicepass").await;
    assert_eq!(r.status(), 429);
    assert!(retry_after(&r) <= 60);

    // ...but at home she is not held back at all.
    let r = login_from(&app, home, "alicepass").await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert!(t["access_token"].is_string());

    // Her success forgets the failures counted against her name; the
    // stranger's address stays held back.
    assert_eq!(
        login_from(&app, "192.0.2.99", "alicepass").await.status(),
        200
    );
    assert_eq!(
        login_from(&app, "203.0.113.66", "alicepass").await.status(),
        429
    );
}

#[tokio::test]
async fn an_unknown_user_is_held_back_exactly_like_a_known_one() {
    let app = behind_a_proxy().await;
    let statuses = |user: &'static str| {
        let app = &app;
        async move {
            let mut out = Vec::new();
            for _ in 0..8 {
                let r = app
                    .http
                    .post(app.url("/api/token/password"))
                    .header("X-Service-Key", SERVICE_KEY)
                    .header("X-Forwarded-For", format!("198.51.100.{}", user.len()))
                    .json(&serde_json::json!({"username": user, "password": "nope"}))
                    .send()
                    .await
                    .unwrap();
                out.push(r.status().as_u16());
            }
            out
        }
    };
    let known = statuses("alice").await;
    let unknown = statuses("nobody").await;
    assert_eq!(known, unknown);
    assert!(known.contains(&429), "{known:?}");
}

#[tokio::test]
async fn replicas_share_the_throttle() {
    let app = behind_a_proxy().await;
    for _ in 0..6 {
        login_from(&app, "198.51.100.7", "wrong").await;
    }
    let replica = app.replica().await;
    let r = replica
        .http
        .post(replica.url("/oauth2/token"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", "alicepass"),
        ])
        .send()
        .await
        .unwrap();
    assert_error(r, 429, "too_many_requests").await;
}
