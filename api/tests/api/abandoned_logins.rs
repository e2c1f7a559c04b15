//! Logins whose caller hung up before their password check came round
//! cost no hash: the next real login is not kept waiting behind them.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use crate::helpers::*;

/// A password-grant request for an unknown user, sent raw on a connection
/// the caller then abandons.
fn send_and_keep(app: &TestApp, n: usize) -> TcpStream {
    let body = format!("grant_type=password&username=nobody{n}&password=wrong");
    let mut s = TcpStream::connect(app.base.trim_start_matches("http://")).unwrap();
    write!(
        s,
        "POST /oauth2/token HTTP/1.1\r\nHost: test\r\n\
         Authorization: Basic ZGVtby1jbGllbnQ6ZGVtby1jbGllbnQtc2VjcmV0\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    s
}

#[tokio::test]
async fn checks_of_logins_abandoned_by_their_caller_are_skipped() {
    // One hashing thread and the production cost (about 16 ms a hash here):
    // thirty checks queue for half a second, the callers leave after 50 ms.
    let app = spawn_app_with(|s| {
        s.password_hash_concurrency = 1;
        s.argon2_memory_kib = 19456;
        s.argon2_iterations = 2;
    })
    .await;
    let abandoned: Vec<TcpStream> = (0..30).map(|n| send_and_keep(&app, n)).collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    drop(abandoned);
    tokio::time::sleep(Duration::from_millis(20)).await;

    // A real login queues behind whatever is left and is served.
    let r = app
        .http
        .post(app.url("/oauth2/token"))
        .basic_auth(DEMO_CLIENT, Some(DEMO_SECRET))
        .form(&[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", "alicepass"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // The pool has one thread taking jobs in order: by the time alice's
    // check ran, every abandoned one had been done or skipped.
    let skipped = app.state.hasher.skipped();
    assert!(
        skipped >= 10,
        "only {skipped} of 30 abandoned checks skipped"
    );
    // Metrics count them as closed by the client (nginx's 499), not as
    // server errors.
    let metrics = app
        .http
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"route="/oauth2/token",status="499""#),
        "{metrics}"
    );
}
