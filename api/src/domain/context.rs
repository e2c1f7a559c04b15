//! Who acts, from where, and when: the small context every state change
//! takes. The audit log, throttling and notifications hang on the
//! functions that take it, never on HTTP handlers.

use std::fmt;
use std::net::IpAddr;

use super::audit::{Audit, Entry};

/// The party on whose authority a change is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Not yet authenticated (a login attempt, a code request).
    Anonymous,
    /// A signed-in user, by id (an admin acting in the admin API too).
    User(String),
    /// An OAuth client, by `client_id`.
    Client(String),
    /// An integrator, by service-key id.
    ServiceKey(String),
    /// The `auth-server` command line, run by whoever runs the server.
    Cli,
    /// The server itself (start-up, background work).
    System,
}

impl Actor {
    /// The user id, when a user acts.
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Actor::User(id) => Some(id),
            _ => None,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Anonymous => f.write_str("anonymous"),
            Actor::User(id) => write!(f, "user:{id}"),
            Actor::Client(id) => write!(f, "client:{id}"),
            Actor::ServiceKey(id) => write!(f, "service_key:{id}"),
            Actor::Cli => f.write_str("cli"),
            Actor::System => f.write_str("system"),
        }
    }
}

/// Who acts, from which address, with which user agent, and when; and
/// where the audit entries of what they do go.
#[derive(Clone, Debug)]
pub struct Context {
    pub actor: Actor,
    /// The client's address (`TRUSTED_PROXIES` honoured); none off HTTP.
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
    /// Seconds since the epoch, from the server's clock.
    pub now: i64,
    pub audit: Audit,
}

impl Context {
    /// A change made by the command line or the server itself.
    pub fn local(actor: Actor, now: i64, audit: Audit) -> Self {
        Self {
            actor,
            ip: None,
            user_agent: None,
            now,
            audit,
        }
    }

    /// Records an audit entry for what this context just did.
    pub async fn record(&self, entry: Entry) {
        self.audit.record(self, entry).await;
    }

    /// The same request, now on behalf of `actor` (after authentication).
    pub fn as_actor(&self, actor: Actor) -> Self {
        Self {
            actor,
            ..self.clone()
        }
    }
}
