//! The sender loop: claim due mail, send it, mark it sent or schedule its
//! retry. One per server process.

use std::sync::Arc;
use std::time::Duration;

use super::Inner;
use super::message::{Outgoing, build, domain_of};
use super::transport::Delivered;
use crate::clock::{Clock, SharedClock};
use crate::storage::{QueuedMail, StoreResult};

/// How often the queue is looked at without a wake-up (mail queued by
/// another replica, retries coming due).
const POLL: Duration = Duration::from_secs(1);
/// Mails claimed at once.
const BATCH: i64 = 16;
/// How long a claim holds, in seconds: after a crash, the claimed mail
/// waits this long before another sender takes it.
const LEASE: i64 = 120;
/// The longest one mail may take to hand over (connect, TLS, AUTH, DATA).
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// First retry delay in seconds; it doubles with each failure up to
/// `MAX_RETRY`.
const FIRST_RETRY: i64 = 5;
const MAX_RETRY: i64 = 600;

pub(super) async fn run(inner: Arc<Inner>, clock: SharedClock) {
    tracing::info!(transport = %inner.transport.describe(), "mail sender started");
    loop {
        // Drain: a full batch means more may be due.
        loop {
            match send_due(&inner, &*clock).await {
                Ok(n) if n == BATCH as usize => continue,
                Ok(_) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "mail queue unavailable; retrying");
                    break;
                }
            }
        }
        tokio::select! {
            () = inner.wake.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Claims one batch and works through it; answers how many were claimed.
/// A store error stops the batch: the rest of it is claimed but unsent, and
/// is taken again when the lease ends.
async fn send_due(inner: &Inner, clock: &dyn Clock) -> StoreResult<usize> {
    let now = clock.now();
    let batch = inner
        .store
        .claim_mail(&inner.sender_id, now, now + LEASE, BATCH)
        .await?;
    let claimed = batch.len();
    for mail in batch {
        // Never send on a lease that may run out mid-send (another sender
        // could take the mail then): leave it for the next claim.
        if clock.now() + SEND_TIMEOUT.as_secs() as i64 >= mail.claimed_until {
            break;
        }
        send_one(inner, clock, mail).await?;
    }
    Ok(claimed)
}

async fn send_one(inner: &Inner, clock: &dyn Clock, mail: QueuedMail) -> StoreResult<()> {
    let to_domain = domain_of(&mail.to_addr);
    let outgoing = Outgoing {
        to: &mail.to_addr,
        subject: &mail.subject,
        text: &mail.text_body,
        html: &mail.html_body,
    };
    let result = match build(&inner.from, &outgoing, clock.now()) {
        Ok(message) => tokio::time::timeout(SEND_TIMEOUT, inner.transport.send(message))
            .await
            .unwrap_or_else(|_| Err("timed out".into())),
        Err(e) => Err(e),
    };
    match result {
        Ok(delivered) => {
            inner.store.mark_mail_sent(&mail.id, clock.now()).await?;
            metrics::counter!("mail_sent_total").increment(1);
            match delivered {
                Delivered::Smtp => {
                    tracing::info!(mail_id = %mail.id, to_domain, "mail sent");
                }
                Delivered::File(path) => tracing::info!(
                    mail_id = %mail.id, to_domain, file = %path.display(),
                    "mail written to the outbox (SMTP_URL is unset)"
                ),
            }
        }
        Err(error) => {
            // Servers echo the recipient in refusals; logs name its domain only.
            let error = error.replace(mail.to_addr.as_str(), "(recipient)");
            let attempts = mail.attempts + 1;
            let delay = backoff(attempts);
            inner
                .store
                .retry_mail_later(&mail.id, &inner.sender_id, clock.now() + delay, &error)
                .await?;
            metrics::counter!("mail_send_failures_total").increment(1);
            tracing::warn!(
                mail_id = %mail.id, to_domain, attempts, retry_in_seconds = delay, %error,
                "mail not sent; will retry"
            );
        }
    }
    Ok(())
}

/// Seconds before the next try after `attempts` failures.
fn backoff(attempts: i64) -> i64 {
    let doublings = (attempts - 1).clamp(0, 16) as u32;
    (FIRST_RETRY << doublings).min(MAX_RETRY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_five_seconds_to_ten_minutes() {
        let delays: Vec<i64> = (1..=9).map(backoff).collect();
        assert_eq!(delays, [5, 10, 20, 40, 80, 160, 320, 600, 600]);
        assert_eq!(backoff(1_000_000), 600);
        assert_eq!(backoff(0), 5);
    }

    #[test]
    fn a_lease_outlasts_a_send() {
        assert!(LEASE > 2 * SEND_TIMEOUT.as_secs() as i64);
    }
}
