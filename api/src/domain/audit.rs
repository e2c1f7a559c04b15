//! The audit log: what happened, to whom, by whom, from where and when.
//!
//! Entries are recorded by the one function below HTTP that makes each
//! change (it holds the [`Context`]), handed to a background writer over a
//! bounded channel, and written in batches: one transaction per batch
//! instead of one per request, which keeps the log off the token
//! endpoint's critical path. The cost: entries still in the channel when
//! the process is killed (not stopped: a graceful stop flushes them) are
//! lost, at most one batch interval (`FLUSH_EVERY`) or one full channel.

use std::time::Duration;

use serde_json::{Map, Value};
use tokio::sync::{mpsc, oneshot};

use super::context::Context;
use crate::secrets::{hex, random_bytes};
use crate::storage::{AuditRecord, Store};

/// How long an entry may wait for its batch.
pub const FLUSH_EVERY: Duration = Duration::from_millis(200);
/// Entries that may wait for the writer before recording waits too.
const CHANNEL: usize = 8192;
/// Entries written per transaction at most.
const BATCH: usize = 512;

/// Every kind of entry, one closed set (the API's `event` filter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    TokenIssued,
    TokenRefreshed,
    RefreshReuseDetected,
    TokenRevoked,
    Logout,
    OtpRequested,
    OtpUsed,
    AuthenticatorEnrollmentStarted,
    AuthenticatorAdded,
    AuthenticatorRemoved,
    UserCreated,
    UserChanged,
    UserDeleted,
    ClientRegistered,
    ClientChanged,
    ClientSecretRotated,
    ClientDeleted,
    ServiceKeyCreated,
    ServiceKeyRevoked,
    RoleCreated,
    RoleChanged,
    RoleDeleted,
    ConsentGranted,
    ConsentRevoked,
    PasswordUpgraded,
    ClientSecretUpgraded,
    ImportCompleted,
}

impl Event {
    pub const ALL: [Event; 30] = [
        Event::LoginSucceeded,
        Event::LoginFailed,
        Event::LoginThrottled,
        Event::TokenIssued,
        Event::TokenRefreshed,
        Event::RefreshReuseDetected,
        Event::TokenRevoked,
        Event::Logout,
        Event::OtpRequested,
        Event::OtpUsed,
        Event::AuthenticatorEnrollmentStarted,
        Event::AuthenticatorAdded,
        Event::AuthenticatorRemoved,
        Event::UserCreated,
        Event::UserChanged,
        Event::UserDeleted,
        Event::ClientRegistered,
        Event::ClientChanged,
        Event::ClientSecretRotated,
        Event::ClientDeleted,
        Event::ServiceKeyCreated,
        Event::ServiceKeyRevoked,
        Event::RoleCreated,
        Event::RoleChanged,
        Event::RoleDeleted,
        Event::ConsentGranted,
        Event::ConsentRevoked,
        Event::PasswordUpgraded,
        Event::ClientSecretUpgraded,
        Event::ImportCompleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::LoginSucceeded => "login.succeeded",
            Event::LoginFailed => "login.failed",
            Event::LoginThrottled => "login.throttled",
            Event::TokenIssued => "token.issued",
            Event::TokenRefreshed => "token.refreshed",
            Event::RefreshReuseDetected => "refresh.reuse_detected",
            Event::TokenRevoked => "token.revoked",
            Event::Logout => "logout",
            Event::OtpRequested => "otp.requested",
            Event::OtpUsed => "otp.used",
            Event::AuthenticatorEnrollmentStarted => "authenticator.enrollment_started",
            Event::AuthenticatorAdded => "authenticator.added",
            Event::AuthenticatorRemoved => "authenticator.removed",
            Event::UserCreated => "user.created",
            Event::UserChanged => "user.changed",
            Event::UserDeleted => "user.deleted",
            Event::ClientRegistered => "client.registered",
            Event::ClientChanged => "client.changed",
            Event::ClientSecretRotated => "client.secret_rotated",
            Event::ClientDeleted => "client.deleted",
            Event::ServiceKeyCreated => "service_key.created",
            Event::ServiceKeyRevoked => "service_key.revoked",
            Event::RoleCreated => "role.created",
            Event::RoleChanged => "role.changed",
            Event::RoleDeleted => "role.deleted",
            Event::ConsentGranted => "consent.granted",
            Event::ConsentRevoked => "consent.revoked",
            Event::PasswordUpgraded => "password.upgraded",
            Event::ClientSecretUpgraded => "client.secret_upgraded",
            Event::ImportCompleted => "import.completed",
        }
    }

    pub fn parse(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// One entry as a change records it: the kind, whom it concerns, and
/// non-secret details.
pub struct Entry {
    pub event: Event,
    pub user_id: Option<String>,
    pub client_id: Option<String>,
    pub detail: Map<String, Value>,
}

impl Entry {
    pub fn new(event: Event) -> Self {
        Self {
            event,
            user_id: None,
            client_id: None,
            detail: Map::new(),
        }
    }

    pub fn user(mut self, id: impl Into<String>) -> Self {
        self.user_id = Some(id.into());
        self
    }

    pub fn client(mut self, id: impl Into<String>) -> Self {
        self.client_id = Some(id.into());
        self
    }

    /// A detail; callers pass names, scopes, reasons, never a secret.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.detail.insert(key.to_string(), value.into());
        self
    }
}

enum Message {
    Record(AuditRecord),
    Flush(oneshot::Sender<()>),
}

/// Where entries go: a handle on the background writer, cheap to clone.
/// A handle without a writer (`Audit::discard`) drops entries, for code
/// paths that run before the writer exists.
#[derive(Clone, Debug)]
pub struct Audit {
    tx: Option<mpsc::Sender<Message>>,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("audit message")
    }
}

impl Audit {
    /// A handle and the writer task to spawn beside it.
    pub fn start(store: Store) -> (Self, impl Future<Output = ()> + Send + 'static) {
        let (tx, rx) = mpsc::channel(CHANNEL);
        (Self { tx: Some(tx) }, writer(store, rx))
    }

    pub fn discard() -> Self {
        Self { tx: None }
    }

    /// Records `entry` as done in `ctx`. Waits only when the writer is a
    /// whole channel behind (backpressure rather than a lost entry).
    pub async fn record(&self, ctx: &Context, entry: Entry) {
        let Some(tx) = &self.tx else { return };
        let record = AuditRecord {
            id: entry_id(ctx.now),
            at: ctx.now,
            event: entry.event.as_str().to_string(),
            actor: ctx.actor.to_string(),
            user_id: entry.user_id,
            client_id: entry.client_id,
            ip: ctx.ip.map(|ip| ip.to_string()),
            user_agent: ctx.user_agent.clone(),
            detail: Value::Object(entry.detail).to_string(),
        };
        let message = Message::Record(record);
        let message = match tx.try_send(message) {
            Ok(()) => return,
            Err(mpsc::error::TrySendError::Full(m)) => m,
            Err(mpsc::error::TrySendError::Closed(_)) => return,
        };
        metrics::counter!("audit_backpressure_total").increment(1);
        let _ = tx.send(message).await;
    }

    /// Waits until every entry recorded so far is written.
    pub async fn flush(&self) {
        let Some(tx) = &self.tx else { return };
        let (done, wait) = oneshot::channel();
        if tx.send(Message::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

/// Time-ordered: the second (from the server's clock, as `at`), the
/// microsecond within it (from the system clock), then 8 random hex digits
/// so that replicas never collide.
fn entry_id(now: i64) -> String {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_micros());
    format!(
        "{:012x}{:05x}{}",
        now.max(0),
        micros,
        hex(&random_bytes::<4>())
    )
}

async fn writer(store: Store, mut rx: mpsc::Receiver<Message>) {
    let mut messages = Vec::with_capacity(BATCH);
    loop {
        if rx.recv_many(&mut messages, BATCH).await == 0 {
            return;
        }
        // A moment for the batch to fill, unless someone waits on a flush.
        if !messages.iter().any(|m| matches!(m, Message::Flush(_))) && messages.len() < BATCH {
            tokio::time::sleep(FLUSH_EVERY).await;
            while messages.len() < BATCH {
                match rx.try_recv() {
                    Ok(m) => messages.push(m),
                    Err(_) => break,
                }
            }
        }
        let mut records = Vec::with_capacity(messages.len());
        let mut waiting = Vec::new();
        for m in messages.drain(..) {
            match m {
                Message::Record(r) => records.push(r),
                Message::Flush(done) => waiting.push(done),
            }
        }
        if let Err(e) = store.insert_audit(&records).await {
            metrics::counter!("audit_write_failures_total").increment(1);
            tracing::error!(error = %e, lost = records.len(), "audit log write failed");
        }
        for done in waiting {
            let _ = done.send(());
        }
    }
}
