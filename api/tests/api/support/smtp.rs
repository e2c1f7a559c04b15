//! A test SMTP server speaking real SMTP (RFC 5321) over TCP: EHLO/HELO,
//! AUTH PLAIN and LOGIN (RFC 4954) when given credentials, MAIL FROM, RCPT
//! TO, DATA with dot-unstuffing, RSET, NOOP, QUIT. It records what it
//! accepts. It can be started on a chosen port (reserved while nothing
//! listens there, to play an SMTP outage) and stopped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinSet;

/// One accepted message.
#[derive(Clone, Debug)]
pub struct Received {
    pub envelope_from: String,
    pub envelope_to: Vec<String>,
    /// The message as sent, dot-unstuffed, CRLF line ends.
    pub data: String,
    /// The user name the session authenticated as, if it did.
    pub auth_user: Option<String>,
}

/// What a test asserts about a message, decoded from its MIME.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Received {
    pub fn parsed(&self) -> Parsed {
        parse_mime(self.data.as_bytes())
    }
}

/// Decodes a message's headers and its text/plain and text/html parts.
pub fn parse_mime(raw: &[u8]) -> Parsed {
    let m = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a MIME message");
    let addr = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(m.text_body_count(), 1, "one text/plain part");
    assert_eq!(m.html_body_count(), 1, "one text/html part");
    Parsed {
        from: addr(m.from()),
        to: addr(m.to()),
        subject: m.subject().unwrap_or_default().to_string(),
        text: m.body_text(0).unwrap_or_default().into_owned(),
        html: m.body_html(0).unwrap_or_default().into_owned(),
    }
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    /// Every AUTH attempt: (user, password, accepted).
    auths: Mutex<Vec<(String, String, bool)>>,
    arrived: Notify,
}

pub struct SmtpServer {
    pub port: u16,
    shared: Arc<Shared>,
    tasks: Option<JoinSet<()>>,
}

/// A free port on 127.0.0.1 with nothing listening on it (yet).
pub fn reserve_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

impl SmtpServer {
    /// On a free port, without AUTH.
    pub async fn start() -> SmtpServer {
        Self::start_on(0, None).await
    }

    /// On `port` (0: any), requiring AUTH with `credentials` when given.
    pub async fn start_on(port: u16, credentials: Option<(&str, &str)>) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the SMTP port");
        let port = listener.local_addr().expect("addr").port();
        let shared = Arc::new(Shared::default());
        let creds = credentials.map(|(u, p)| (u.to_string(), p.to_string()));
        let mut tasks = JoinSet::new();
        let s = shared.clone();
        tasks.spawn(async move {
            let mut sessions = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                sessions.spawn(session(stream, s.clone(), creds.clone()));
            }
        });
        SmtpServer {
            port,
            shared,
            tasks: Some(tasks),
        }
    }

    /// `smtp://127.0.0.1:{port}`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops listening and drops open sessions (the port is free again).
    pub fn stop(&mut self) {
        self.tasks.take();
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    pub fn auths(&self) -> Vec<(String, String, bool)> {
        self.shared.auths.lock().unwrap().clone()
    }

    /// Waits until at least `n` messages have arrived; panics after
    /// `timeout`. Answers all received so far.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.shared.arrived.notified();
            let now = self.received();
            if now.len() >= n {
                return now;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("expected {n} mails within {timeout:?}, got {}", now.len());
            }
        }
    }
}

async fn session(stream: TcpStream, shared: Arc<Shared>, creds: Option<(String, String)>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let mut s = Session::default();
    if reply(&mut write, "220 test-smtp ESMTP ready")
        .await
        .is_err()
    {
        return;
    }
    loop {
        let Some(line) = read_line(&mut lines).await else {
            return;
        };
        let upper = line.to_ascii_uppercase();
        let verb = upper.split(' ').next().unwrap_or("").to_string();
        let answer: String = match verb.as_str() {
            "EHLO" if creds.is_some() => {
                "250-test-smtp\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME".into()
            }
            "EHLO" => "250-test-smtp\r\n250 8BITMIME".into(),
            "HELO" => "250 test-smtp".into(),
            "NOOP" => "250 OK".into(),
            "RSET" => {
                s.reset();
                "250 OK".into()
            }
            "QUIT" => {
                let _ = reply(&mut write, "221 bye").await;
                return;
            }
            "AUTH" => {
                let Some((user, pass)) = auth(&line, &mut lines, &mut write).await else {
                    return;
                };
                let ok = creds.as_ref() == Some(&(user.clone(), pass.clone()));
                shared.auths.lock().unwrap().push((user.clone(), pass, ok));
                if ok {
                    s.user = Some(user);
                    "235 2.7.0 Authentication successful".into()
                } else {
                    "535 5.7.8 Authentication credentials invalid".into()
                }
            }
            "MAIL" if creds.is_some() && s.user.is_none() => {
                "530 5.7.0 Authentication required".into()
            }
            "MAIL" => {
                s.from = Some(path_arg(&line));
                "250 OK".into()
            }
            "RCPT" if s.from.is_none() => "503 MAIL first".into(),
            "RCPT" => {
                s.to.push(path_arg(&line));
                "250 OK".into()
            }
            "DATA" if s.to.is_empty() => "503 RCPT first".into(),
            "DATA" => {
                if reply(&mut write, "354 end with <CRLF>.<CRLF>")
                    .await
                    .is_err()
                {
                    return;
                }
                let Some(data) = read_data(&mut lines).await else {
                    return;
                };
                shared.received.lock().unwrap().push(Received {
                    envelope_from: s.from.take().unwrap_or_default(),
                    envelope_to: std::mem::take(&mut s.to),
                    data,
                    auth_user: s.user.clone(),
                });
                shared.arrived.notify_waiters();
                "250 OK queued".into()
            }
            _ => "502 command not implemented".into(),
        };
        if reply(&mut write, &answer).await.is_err() {
            return;
        }
    }
}

#[derive(Default)]
struct Session {
    from: Option<String>,
    to: Vec<String>,
    user: Option<String>,
}

impl Session {
    fn reset(&mut self) {
        self.from = None;
        self.to.clear();
    }
}

type Reader = BufReader<tokio::net::tcp::OwnedReadHalf>;
type Writer = tokio::net::tcp::OwnedWriteHalf;

async fn reply(w: &mut Writer, text: &str) -> std::io::Result<()> {
    w.write_all(format!("{text}\r\n").as_bytes()).await
}

/// One line without its CRLF; `None` at end of stream.
async fn read_line(r: &mut Reader) -> Option<String> {
    let mut buf = Vec::new();
    match r.read_until(b'\n', &mut buf).await {
        Ok(0) | Err(_) => None,
        Ok(_) => {
            let s = String::from_utf8_lossy(&buf);
            Some(s.trim_end_matches(['\r', '\n']).to_string())
        }
    }
}

/// Lines up to the lone ".", dot-unstuffed (RFC 5321 §4.5.2).
async fn read_data(r: &mut Reader) -> Option<String> {
    let mut data = String::new();
    loop {
        let line = read_line(r).await?;
        if line == "." {
            return Some(data);
        }
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
        data.push_str("\r\n");
    }
}

/// `MAIL FROM:<a@b> SIZE=…` → `a@b`.
fn path_arg(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line.find('>').unwrap_or(line.len());
    line[start..end.max(start)].to_string()
}

/// Runs an AUTH exchange; answers the user and password presented.
async fn auth(line: &str, r: &mut Reader, w: &mut Writer) -> Option<(String, String)> {
    let mut parts = line.split(' ').skip(1);
    let mechanism = parts.next().unwrap_or("").to_ascii_uppercase();
    let initial = parts.next().map(str::to_string);
    let decode =
        |s: &str| String::from_utf8(B64.decode(s.trim()).unwrap_or_default()).unwrap_or_default();
    match mechanism.as_str() {
        "PLAIN" => {
            let response = match initial {
                Some(i) => i,
                None => {
                    reply(w, "334 ").await.ok()?;
                    read_line(r).await?
                }
            };
            // authzid NUL authcid NUL passwd
            let decoded = decode(&response);
            let mut fields = decoded.split('\0').skip(1);
            Some((
                fields.next().unwrap_or("").to_string(),
                fields.next().unwrap_or("").to_string(),
            ))
        }
        "LOGIN" => {
            let user = match initial {
                Some(i) => decode(&i),
                None => {
                    reply(w, "334 VXNlcm5hbWU6").await.ok()?;
                    decode(&read_line(r).await?)
                }
            };
            reply(w, "334 UGFzc3dvcmQ6").await.ok()?;
            let pass = decode(&read_line(r).await?);
            Some((user, pass))
        }
        _ => Some((String::new(), String::new())),
    }
}
