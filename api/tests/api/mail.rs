//! Mail leaves from a durable queue: over real SMTP (with credentials when
//! configured), retried with back-off through an outage without loss, sent
//! once across replicas, or written as `.eml` files when SMTP_URL is unset.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use auth_server::config::Secret;
use auth_server::mail::{MailContent, templates};
use auth_server::storage::NewMail;
use tokio::task::JoinSet;

use crate::cli::cli_env;
use crate::helpers::*;
use crate::support::smtp::{SmtpServer, parse_mime, reserve_port};

const WAIT: Duration = Duration::from_secs(15);

fn content(n: usize) -> MailContent {
    MailContent {
        subject: format!("Mail number {n}"),
        text: format!("Plain body {n}\n.a line starting with a dot"),
        html: format!("<!DOCTYPE html><html><body><p>HTML body {n}</p></body></html>"),
    }
}

async fn app_with_smtp(url: &str) -> TestApp {
    let url = url.to_string();
    spawn_app_with(move |s| {
        s.smtp_url = Some(Secret::new(url));
        s.mail_from = "noreply@auth.example".into();
    })
    .await
}

/// Waits until `sql` (a count) reaches `n`.
async fn wait_count(app: &TestApp, sql: &'static str, n: i64) {
    let start = Instant::now();
    loop {
        let got = app.sql_scalar(sql).await;
        if got >= n {
            return;
        }
        assert!(start.elapsed() < WAIT, "{sql}: {got} of {n}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const UNSENT: &str = "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL";
const SENT: &str = "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL";

#[tokio::test]
async fn a_queued_mail_is_delivered_over_smtp_with_both_bodies() {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(&smtp.url()).await;
    let mail = templates::one_time_code("493817", 5);
    app.state
        .mailer
        .enqueue("alice@example.com", mail, app.now())
        .await
        .unwrap();

    let got = smtp.wait_for(1, WAIT).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].envelope_from, "noreply@auth.example");
    assert_eq!(got[0].envelope_to, ["alice@example.com"]);
    let m = got[0].parsed();
    assert_eq!(m.from, "noreply@auth.example");
    assert_eq!(m.to, "alice@example.com");
    assert_eq!(m.subject, "Your sign-in code");
    assert!(m.text.contains("493817"), "{}", m.text);
    assert!(
        m.html.contains("493817") && m.html.contains("<p"),
        "{}",
        m.html
    );
    assert!(!got[0].data.contains("Subject: 493817"));
    wait_count(&app, SENT, 1).await;
}

#[tokio::test]
async fn bodies_survive_the_trip_unchanged() {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(&smtp.url()).await;
    let mail = MailContent {
        subject: "Grüße aus Zürich".into(),
        text: "Zeile eins\n.Punkt am Anfang\n..zwei Punkte\nÄ Ö Ü €".into(),
        html: "<p>Grüße &amp; <b>€</b></p>".into(),
    };
    app.state
        .mailer
        .enqueue("bob@example.org", mail.clone(), app.now())
        .await
        .unwrap();
    let m = smtp.wait_for(1, WAIT).await[0].parsed();
    assert_eq!(m.subject, mail.subject);
    assert_eq!(m.text.replace("\r\n", "\n").trim_end(), mail.text);
    assert_eq!(m.html.replace("\r\n", "\n").trim_end(), mail.html);
}

#[tokio::test]
async fn credentials_in_smtp_url_are_presented_with_auth() {
    let user = "mailer@auth.example";
    let pass = "pa:ss/w@rd";
    let smtp = SmtpServer::start_on(0, Some((user, pass))).await;
    let url = format!(
        "smtp://mailer%40auth.example:pa%3Ass%2Fw%40rd@127.0.0.1:{}",
        smtp.port
    );
    let app = app_with_smtp(&url).await;
    app.state
        .mailer
        .enqueue("alice@example.com", content(1), app.now())
        .await
        .unwrap();
    let got = smtp.wait_for(1, WAIT).await;
    assert_eq!(got[0].auth_user.as_deref(), Some(user));
    assert_eq!(smtp.auths(), [(user.to_string(), pass.to_string(), true)]);
}

#[tokio::test]
async fn refused_credentials_are_retried_and_the_error_kept_has_no_password() {
    let smtp = SmtpServer::start_on(0, Some(("mailer", "right"))).await;
    let url = format!("smtp://mailer:wrong-hunter2@127.0.0.1:{}", smtp.port);
    let app = app_with_smtp(&url).await;
    app.state
        .mailer
        .enqueue("alice@example.com", content(1), app.now())
        .await
        .unwrap();
    wait_count(
        &app,
        "SELECT COUNT(*) FROM mail_outbox WHERE attempts = 1 AND sent_at IS NULL \
         AND last_error LIKE '%535%' AND last_error NOT LIKE '%hunter2%'",
        1,
    )
    .await;
    assert!(smtp.received().is_empty());
    assert_eq!(smtp.auths().len(), 1);
    // The next try comes after the back-off, not before.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.auths().len(), 1);
    app.clock.advance(6);
    wait_count(
        &app,
        "SELECT COUNT(*) FROM mail_outbox WHERE attempts = 2",
        1,
    )
    .await;
}

#[tokio::test]
async fn with_starttls_required_nothing_is_sent_in_clear_to_a_server_without_it() {
    let smtp = SmtpServer::start_on(0, Some(("mailer", "secret"))).await;
    let url = format!("smtp://mailer:secret@127.0.0.1:{}?tls=starttls", smtp.port);
    let app = app_with_smtp(&url).await;
    app.state
        .mailer
        .enqueue("alice@example.com", content(1), app.now())
        .await
        .unwrap();
    wait_count(
        &app,
        "SELECT COUNT(*) FROM mail_outbox WHERE attempts = 1 AND sent_at IS NULL",
        1,
    )
    .await;
    assert!(smtp.auths().is_empty(), "credentials went out in clear");
    assert!(smtp.received().is_empty());
}

#[tokio::test]
async fn an_smtp_outage_loses_no_mail_and_each_goes_out_once_when_it_is_back() {
    let port = reserve_port();
    let app = app_with_smtp(&format!("smtp://127.0.0.1:{port}")).await;
    let started = Instant::now();
    for n in 0..3 {
        app.state
            .mailer
            .enqueue(&format!("user{n}@example.com"), content(n), app.now())
            .await
            .expect("queuing never waits for SMTP");
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    wait_count(
        &app,
        "SELECT COUNT(*) FROM mail_outbox WHERE attempts >= 1 AND sent_at IS NULL \
         AND last_error IS NOT NULL AND claimed_by IS NULL",
        3,
    )
    .await;

    let smtp = SmtpServer::start_on(port, None).await;
    // Not due yet: the back-off is measured on the server's clock.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(smtp.received().is_empty());

    app.clock.advance(6);
    let got = smtp.wait_for(3, WAIT).await;
    wait_count(&app, SENT, 3).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let got_later = smtp.received();
    assert_eq!(got_later.len(), 3, "each mail exactly once");
    let subjects: BTreeSet<String> = got.iter().map(|r| r.parsed().subject).collect();
    assert_eq!(subjects.len(), 3);
    assert_eq!(app.sql_scalar(UNSENT).await, 0);
}

#[tokio::test]
async fn mail_queued_while_the_smtp_server_is_stopped_goes_out_after_its_restart() {
    let mut smtp = SmtpServer::start().await;
    let port = smtp.port;
    let app = app_with_smtp(&smtp.url()).await;
    let mailer = &app.state.mailer;
    mailer
        .enqueue("a@example.com", content(1), app.now())
        .await
        .unwrap();
    smtp.wait_for(1, WAIT).await;

    smtp.stop();
    mailer
        .enqueue("b@example.com", content(2), app.now())
        .await
        .unwrap();
    wait_count(
        &app,
        "SELECT COUNT(*) FROM mail_outbox WHERE attempts = 1 AND sent_at IS NULL",
        1,
    )
    .await;

    let smtp = SmtpServer::start_on(port, None).await;
    app.clock.advance(6);
    let got = smtp.wait_for(1, WAIT).await;
    assert_eq!(got[0].envelope_to, ["b@example.com"]);
    wait_count(&app, SENT, 2).await;
}

#[tokio::test]
async fn two_replicas_deliver_each_of_many_mails_exactly_once() {
    const N: usize = 60;
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let a = app_with_smtp(&url).await;
    let b = a
        .replica_with(|s| s.smtp_url = Some(Secret::new(url.clone())))
        .await;
    let mut set = JoinSet::new();
    for n in 0..N {
        let mailer = if n % 2 == 0 {
            a.state.mailer.clone()
        } else {
            b.state.mailer.clone()
        };
        let now = a.now();
        set.spawn(async move {
            mailer
                .enqueue(&format!("user{n}@example.com"), content(n), now)
                .await
                .unwrap()
        });
    }
    set.join_all().await;
    smtp.wait_for(N, WAIT).await;
    wait_count(&a, SENT, N as i64).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut per_subject: BTreeMap<String, usize> = BTreeMap::new();
    for r in smtp.received() {
        *per_subject.entry(r.parsed().subject).or_default() += 1;
    }
    assert_eq!(per_subject.len(), N);
    assert!(per_subject.values().all(|&c| c == 1), "{per_subject:?}");
    drop(b);
}

#[tokio::test]
async fn concurrent_claims_never_hand_one_mail_to_two_senders() {
    const N: i64 = 200;
    let a = spawn_app().await;
    let b = a.replica().await;
    // Due only in the future, so the servers' own senders leave them alone.
    let later = a.now() + 1_000_000;
    for n in 0..N {
        let id = format!("race-{n}");
        a.state
            .store
            .enqueue_mail(&NewMail {
                id: &id,
                to: "x@example.com",
                subject: "s",
                text: "t",
                html: "h",
                now: later,
            })
            .await
            .unwrap();
    }
    let mut set = JoinSet::new();
    for i in 0..8 {
        let store = if i % 2 == 0 {
            a.state.store.clone()
        } else {
            b.state.store.clone()
        };
        set.spawn(async move {
            let me = format!("sender-{i}");
            let mut mine = Vec::new();
            loop {
                let got = store.claim_mail(&me, later, later + 120, 7).await.unwrap();
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|m| m.id));
            }
        });
    }
    let claims: Vec<Vec<String>> = set.join_all().await;
    let all: Vec<&String> = claims.iter().flatten().collect();
    let distinct: BTreeSet<&String> = all.iter().copied().collect();
    assert_eq!(all.len(), N as usize, "every mail claimed once, none twice");
    assert_eq!(distinct.len(), N as usize);
    // A claim held by one sender is not taken by another until it expires.
    let (c, d) = (&a.state.store, &b.state.store);
    assert!(
        c.claim_mail("late", later + 119, later + 200, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        d.claim_mail("late", later + 121, later + 300, 500)
            .await
            .unwrap()
            .len(),
        N as usize
    );
    drop(b);
}

#[tokio::test]
async fn without_smtp_url_mail_is_written_as_an_eml_file_in_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox");
    let path = outbox.clone();
    let app = spawn_app_with(move |s| s.mail_outbox = path).await;
    app.state
        .mailer
        .enqueue(
            "alice@example.com",
            templates::authenticator_added(),
            app.now(),
        )
        .await
        .unwrap();
    wait_count(&app, SENT, 1).await;
    let files: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].extension().unwrap(), "eml");
    let m = parse_mime(&std::fs::read(&files[0]).unwrap());
    assert_eq!(m.to, "alice@example.com");
    assert_eq!(m.from, "auth-server@localhost");
    assert_eq!(m.subject, "Authenticator app added");
    assert!(m.text.contains("authenticator app was added"), "{}", m.text);
}

#[tokio::test]
async fn a_bad_smtp_url_stops_the_start_without_showing_the_password() {
    let db = TestDb::new();
    for url in [
        "smtp://u:hunter2@host?tls=sometimes",
        "ftp://u:hunter2@host",
    ] {
        let run = cli_env(
            db.url(),
            &["serve"],
            &[("SMTP_URL", url), ("BIND_ADDR", "127.0.0.1:0")],
        )
        .await;
        assert!(!run.ok, "{url}");
        assert!(run.stderr.contains("SMTP_URL"), "{}", run.stderr);
        assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
        assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    }
}
