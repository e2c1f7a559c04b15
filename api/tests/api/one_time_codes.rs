//! Mailed one-time codes over real SMTP: request → mail → code → tokens;
//! single use, expiry, the fifth wrong try, 30 s between codes, the same
//! answer for unknown users, throttling, and an SMTP outage.

use std::time::{Duration, Instant};

use auth_server::config::Secret;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::support::smtp::{SmtpServer, reserve_port};

const WAIT: Duration = Duration::from_secs(10);

pub async fn app_with_mail(smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    spawn_app_with(move |s| s.smtp_url = Some(Secret::new(url))).await
}

async fn request_code(app: &TestApp, username: &str) -> reqwest::Response {
    app.http
        .post(app.url("/api/request-otp/"))
        .json(&json!({"username": username}))
        .send()
        .await
        .unwrap()
}

async fn login_with_code(app: &TestApp, username: &str, code: &str) -> reqwest::Response {
    app.post_service(
        "/api/token/otp/",
        &json!({"username": username, "otp": code}),
    )
    .await
}

/// The six-digit code in the `n`-th mail (1-based) to `to`.
pub async fn code_in_mail(smtp: &SmtpServer, to: &str, n: usize) -> String {
    let start = Instant::now();
    loop {
        let mails: Vec<_> = smtp
            .received()
            .into_iter()
            .filter(|m| m.envelope_to.iter().any(|t| t == to))
            .filter(|m| m.parsed().text.contains("code"))
            .collect();
        if mails.len() >= n {
            let p = mails[n - 1].parsed();
            let code: String = p
                .text
                .split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 6)
                .expect("a six-digit code in the text")
                .to_string();
            assert!(p.html.contains(&code), "the HTML part has the code too");
            assert!(!p.subject.contains(&code), "never in the subject");
            return code;
        }
        assert!(start.elapsed() < WAIT, "no mail {n} to {to}");
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

#[tokio::test]
async fn a_mailed_code_signs_in_once() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let r = request_code(&app, "alice").await;
    assert_eq!(r.status(), 200);
    let code = code_in_mail(&smtp, "alice@example.com", 1).await;

    let r = login_with_code(&app, "Alice", &code).await;
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(
        jwt_claims(t["access_token"].as_str().unwrap())["client_id"],
        SERVICE_KEY_ID
    );
    assert!(t["refresh_token"].is_string());

    let r = login_with_code(&app, "alice", &code).await;
    assert_error(r, 400, "invalid_grant").await;
}

#[tokio::test]
async fn a_code_expires_after_otp_ttl() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    request_code(&app, "alice").await;
    let code = code_in_mail(&smtp, "alice@example.com", 1).await;
    app.clock.advance(300);
    assert_error(
        login_with_code(&app, "alice", &code).await,
        400,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn the_fifth_wrong_try_voids_the_code() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    request_code(&app, "alice").await;
    let code = code_in_mail(&smtp, "alice@example.com", 1).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        assert_error(
            login_with_code(&app, "alice", wrong).await,
            400,
            "invalid_grant",
        )
        .await;
    }
    assert_error(
        login_with_code(&app, "alice", &code).await,
        400,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn four_wrong_tries_leave_the_code_working() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    request_code(&app, "alice").await;
    let code = code_in_mail(&smtp, "alice@example.com", 1).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        assert_error(
            login_with_code(&app, "alice", wrong).await,
            400,
            "invalid_grant",
        )
        .await;
    }
    assert_eq!(login_with_code(&app, "alice", &code).await.status(), 200);
}

#[tokio::test]
async fn a_next_code_comes_no_sooner_than_30_seconds_and_replaces_the_first() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    request_code(&app, "alice").await;
    let first = code_in_mail(&smtp, "alice@example.com", 1).await;
    assert_eq!(request_code(&app, "alice").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.received().len(), 1, "no second mail within 30 s");

    app.clock.advance(30);
    request_code(&app, "alice").await;
    let second = code_in_mail(&smtp, "alice@example.com", 2).await;
    if first != second {
        assert_error(
            login_with_code(&app, "alice", &first).await,
            400,
            "invalid_grant",
        )
        .await;
    }
    assert_eq!(login_with_code(&app, "alice", &second).await.status(), 200);
}

#[tokio::test]
async fn unknown_users_get_the_same_answer_in_the_same_time_and_no_mail() {
    let smtp = SmtpServer::start().await;
    let app = spawn_app_with({
        let url = smtp.url();
        move |s| {
            s.smtp_url = Some(Secret::new(url));
            // Many requests from one address: its throttle is not the point.
            s.throttle_free_failures = 10_000;
        }
    })
    .await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    let mut bodies = Vec::new();
    for i in 0..8 {
        for (name, times) in [("alice", &mut known), ("nobody-here", &mut unknown)] {
            // A fresh code may be mailed each round.
            app.clock.advance(31);
            let started = Instant::now();
            let r = request_code(&app, name).await;
            times.push(started.elapsed());
            assert_eq!(r.status(), 200, "{name} {i}");
            bodies.push(r.text().await.unwrap());
        }
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "one body for all");
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (k, u) = (median(known), median(unknown));
    assert!(
        k.abs_diff(u) < Duration::from_millis(20),
        "known {k:?} vs unknown {u:?}"
    );
    code_in_mail(&smtp, "alice@example.com", 1).await;
    assert!(
        smtp.received()
            .iter()
            .all(|m| m.envelope_to == ["alice@example.com"]),
        "mail only to the known user"
    );
}

#[tokio::test]
async fn code_requests_are_throttled_per_address() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(request_code(&app, "nobody").await.status().as_u16());
    }
    assert_eq!(&statuses[..10], &[200; 10]);
    let r = request_code(&app, "alice").await;
    assert!(r.headers().contains_key("retry-after"));
    assert_error(r, 429, "too_many_requests").await;
}

#[tokio::test]
async fn the_authenticator_code_works_where_a_mailed_code_does() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let alice = app.access_token("alice").await;
    let enrol: Value = app
        .http
        .post(app.url("/api/account/authenticator"))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = enrol["secret"].as_str().unwrap();
    let code = crate::authenticator::code(secret, app.now());
    let r = app
        .http
        .post(app.url("/api/account/authenticator/confirm"))
        .bearer_auth(&alice)
        .json(&json!({"otp": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    app.clock.advance(30);
    let code = crate::authenticator::code(secret, app.now());
    let r = login_with_code(&app, "alice", &code).await;
    assert_eq!(r.status(), 200);
    assert_error(
        login_with_code(&app, "alice", &code).await,
        400,
        "invalid_grant",
    )
    .await;
}

#[tokio::test]
async fn while_smtp_is_down_requests_succeed_and_the_mail_goes_out_once_it_is_back() {
    let port = reserve_port();
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(Secret::new(format!("smtp://127.0.0.1:{port}")));
    })
    .await;
    let started = Instant::now();
    assert_eq!(request_code(&app, "alice").await.status(), 200);
    // A token request that queues a notification succeeds too.
    app.password_tokens("alice", "alicepass").await;
    assert!(started.elapsed() < Duration::from_secs(5));
    tokio::time::sleep(Duration::from_millis(300)).await;

    let smtp = SmtpServer::start_on(port, None).await;
    // Past the first retry's back-off, well within the code's lifetime.
    app.clock.advance(60);
    let code = code_in_mail(&smtp, "alice@example.com", 1).await;
    assert_eq!(login_with_code(&app, "alice", &code).await.status(), 200);
    let mails = smtp.wait_for(2, WAIT).await;
    let subjects: Vec<String> = mails.iter().map(|m| m.parsed().subject).collect();
    assert_eq!(mails.len(), 2, "{subjects:?}");
}

#[tokio::test]
async fn codes_are_audited_and_never_stored_or_logged_in_clear() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    request_code(&app, "alice").await;
    let code = code_in_mail(&smtp, "alice@example.com", 1).await;
    assert_eq!(login_with_code(&app, "alice", &code).await.status(), 200);
    let table = app.audit_table_text().await;
    assert!(table.contains("otp.requested") && table.contains("otp.used"));
    assert!(
        table.contains(r#""method":"otp""#),
        "login.succeeded says how"
    );
    assert!(!table.contains(&code));
    let stored = app.sql_texts("SELECT code_mac FROM otp_codes").await;
    assert!(stored.iter().flatten().all(|m| !m.contains(&code)));
}
