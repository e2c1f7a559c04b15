//! Notifications by mail: tokens issued to an app on a user's behalf for
//! the first time, an authenticator added or removed, and a session ended
//! because its refresh token was used twice. Each can be turned off
//! (`NOTIFY_NEW_APP`, `NOTIFY_AUTHENTICATOR`, `NOTIFY_SESSION_REVOKED`).
//!
//! A notification never fails what caused it: the mail is queued (and
//! sent in the background); a failure to queue it is logged.

use super::context::Context;
// The SPA's own client: signing in to the account console is not a new
// app worth a mail.
use super::web_client::WEB_CLIENT_ID;
use crate::mail::{MailContent, Mailer, templates};
use crate::storage::{Store, StoreError, UserRecord};

#[derive(Clone)]
pub struct Notifier {
    pub mailer: Mailer,
    pub new_app: bool,
    pub authenticator: bool,
    pub session_revoked: bool,
}

impl Notifier {
    /// Tokens were issued to `client_id` for `user`: mails the user the
    /// first time only (recorded in `user_clients`).
    pub async fn tokens_issued(
        &self,
        store: &Store,
        ctx: &Context,
        user: &UserRecord,
        client_id: &str,
    ) {
        if !self.new_app || client_id == WEB_CLIENT_ID {
            return;
        }
        let result: Result<(), StoreError> = async {
            if store.first_issue(&user.id, client_id, ctx.now).await? {
                let name = store.client_display_name(client_id).await?;
                self.send(ctx, user, templates::new_app_signed_in(&name))
                    .await;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::error!(error = %e, "new-app notification not queued");
        }
    }

    /// An authenticator was added to (or removed from) the account.
    pub async fn authenticator_changed(&self, ctx: &Context, user: &UserRecord, added: bool) {
        if !self.authenticator {
            return;
        }
        let content = if added {
            templates::authenticator_added()
        } else {
            templates::authenticator_removed()
        };
        self.send(ctx, user, content).await;
    }

    /// A refresh token was used twice and its session was ended.
    pub async fn session_revoked(
        &self,
        store: &Store,
        ctx: &Context,
        user_id: &str,
        client_id: &str,
    ) {
        if !self.session_revoked {
            return;
        }
        let result: Result<(), StoreError> = async {
            if let Some(user) = store.find_user(user_id).await? {
                let name = store.client_display_name(client_id).await?;
                self.send(ctx, &user, templates::session_revoked_after_reuse(&name))
                    .await;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::error!(error = %e, "session-revoked notification not queued");
        }
    }

    async fn send(&self, ctx: &Context, user: &UserRecord, content: MailContent) {
        if user.email.is_empty() {
            return;
        }
        if let Err(e) = self.mailer.enqueue(&user.email, content, ctx.now).await {
            tracing::error!(error = %e, user = %user.id, "notification not queued");
        }
    }
}
