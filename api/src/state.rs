//! What every request handler shares: settings, storage, keys, the password
//! hasher, the clock, the scope catalogue and the mail queue. Built once by `startup`.

use std::sync::Arc;

use crate::clock::SharedClock;
use crate::config::Settings;
use crate::domain::Context;
use crate::domain::audit::Audit;
use crate::domain::notify::Notifier;
use crate::domain::otp::CodeIssuer;
use crate::domain::scopes::ScopeCatalogue;
use crate::domain::throttle::ThrottlePolicy;
use crate::keys::KeyRing;
use crate::mail::Mailer;
use crate::password::PasswordHasher;
use crate::storage::Store;

pub struct AppState {
    pub settings: Settings,
    pub store: Store,
    pub keys: KeyRing,
    pub hasher: PasswordHasher,
    pub clock: SharedClock,
    pub scopes: ScopeCatalogue,
    /// HMAC key deriving a refresh token's successor from the token itself,
    /// so a racing duplicate within the grace window can be handed the same
    /// successor without its plain text ever being stored.
    pub refresh_secret: Vec<u8>,
    /// HMAC key deriving an interaction's CSRF token from its id and the
    /// browser's cookie, so the token need not be stored in clear.
    pub csrf_secret: Vec<u8>,
    /// Where audit entries go (a background writer).
    pub audit: Audit,
    pub throttle: ThrottlePolicy,
    /// The mail queue; servers run its sender.
    pub mailer: Mailer,
    /// Issues and checks mailed one-time codes.
    pub codes: CodeIssuer,
    /// Mails users about new apps, authenticators and ended sessions.
    pub notify: Notifier,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// A context for work the server does on its own (start-up, background
    /// tasks) or on behalf of the command line.
    pub fn local_context(&self, actor: crate::domain::Actor) -> Context {
        Context::local(actor, self.now(), self.audit.clone())
    }
}
