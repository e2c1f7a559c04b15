//! Mail: a durable queue in the database, and a background sender.
//!
//! [`Mailer::enqueue`] only inserts a row (on the request path, so an SMTP
//! outage never fails a request) and wakes this process's sender. The
//! sender ([`Mailer::sender`], spawned by `startup` for servers) claims due
//! mails in batches (one replica per mail, see `storage/mail.rs`), hands
//! each to the transport (SMTP, or `.eml` files when `SMTP_URL` is unset),
//! then marks it sent, or schedules a retry with exponential back-off
//! (5 s doubling to 10 min), forever: no mail is dropped.
//!
//! Delivery is at least once: a process that dies after the SMTP server
//! accepted a mail but before marking it sent leaves the claim to expire
//! (`LEASE`), and the mail is sent again.

mod message;
mod sender;
pub mod templates;
pub mod transport;

use std::future::Future;
use std::sync::Arc;

use lettre::message::Mailbox;
use tokio::sync::Notify;

use crate::clock::SharedClock;
use crate::config::Settings;
use crate::secrets::random_id;
use crate::storage::{NewMail, Store, StoreError};

pub use message::escape_html;
use transport::{SmtpSettings, Transport};

/// One mail's content; `html` is a complete document whose interpolated
/// text has been escaped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailContent {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Settings that make mail impossible; stops the server at start. The
/// message names the setting and never repeats its value.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid SMTP_URL: {0}")]
    SmtpUrl(String),
    #[error("invalid MAIL_FROM: not a mail address")]
    MailFrom,
}

#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    transport: Transport,
    from: Mailbox,
    /// Random per process: whose claim a row carries.
    sender_id: String,
    /// Wakes the sender when mail is queued here.
    wake: Notify,
}

impl Mailer {
    /// Reads `SMTP_URL`, `MAIL_FROM` and `MAIL_OUTBOX`; no network I/O.
    pub fn new(store: Store, settings: &Settings) -> Result<Mailer, MailError> {
        let from: Mailbox = settings
            .mail_from
            .parse()
            .map_err(|_| MailError::MailFrom)?;
        let transport = match &settings.smtp_url {
            Some(url) => Transport::smtp(&SmtpSettings::parse(url.expose())?)?,
            None => Transport::files(settings.mail_outbox.clone()),
        };
        Ok(Mailer {
            inner: Arc::new(Inner {
                store,
                transport,
                from,
                sender_id: format!("sender-{}", random_id()),
                wake: Notify::new(),
            }),
        })
    }

    /// Queues a mail durably and wakes the sender; returns once the row is
    /// committed, never waiting for SMTP. `now` is the request's time.
    pub async fn enqueue(
        &self,
        to: &str,
        content: MailContent,
        now: i64,
    ) -> Result<(), StoreError> {
        let id = random_id();
        self.inner
            .store
            .enqueue_mail(&NewMail {
                id: &id,
                to,
                subject: &content.subject,
                text: &content.text,
                html: &content.html,
                now,
            })
            .await?;
        tracing::debug!(mail_id = %id, to_domain = message::domain_of(to), "mail queued");
        // A stored permit if the sender is busy: it looks again right after.
        self.inner.wake.notify_one();
        Ok(())
    }

    /// The background sender: runs until dropped (aborted). Decisions
    /// (what is due, back-off, leases) use `clock`.
    pub fn sender(&self, clock: SharedClock) -> impl Future<Output = ()> + Send + 'static {
        sender::run(self.inner.clone(), clock)
    }
}
