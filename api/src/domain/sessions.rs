//! Browser sessions: a browser that signed in, so the next authorization
//! skips the login (until the session ends or `max_age` asks for a fresh
//! one). The cookie holds 256 random bits; the database keeps their
//! SHA-256 (see `secrets.rs` for why that is enough).

use super::audit::{Entry, Event};
use super::context::Context;
use super::error::ApiError;
use crate::secrets::{PlainSecret, SecretHash, random_id};
use crate::storage::{SessionRecord, Store};

/// A new session: the cookie value to send, and the session as stored.
pub struct NewSession {
    pub cookie: PlainSecret,
    pub record: SessionRecord,
}

/// Starts a session for `user_id`, authenticated at `ctx.now` by `amr`.
pub async fn start(
    store: &Store,
    ctx: &Context,
    user_id: &str,
    amr: &str,
    ttl: i64,
) -> Result<NewSession, ApiError> {
    let cookie = PlainSecret::generate("bs_");
    let record = SessionRecord {
        id: cookie.hash().as_str().to_string(),
        sid: random_id(),
        user_id: user_id.to_string(),
        auth_time: ctx.now,
        amr: amr.to_string(),
        created_at: ctx.now,
        expires_at: ctx.now + ttl,
        ended_at: None,
    };
    store.insert_session(&record).await?;
    Ok(NewSession { cookie, record })
}

/// The live session a browser's cookie names, if any.
pub async fn find(
    store: &Store,
    cookie: Option<&str>,
    now: i64,
) -> Result<Option<SessionRecord>, ApiError> {
    let Some(cookie) = cookie.filter(|c| !c.is_empty() && c.len() <= 128) else {
        return Ok(None);
    };
    Ok(store
        .find_live_session(SecretHash::of(cookie).as_str(), now)
        .await?)
}

/// Ends the browser's session (by its cookie) or the one an ID token names
/// (by `sid`); answers whether one ended.
pub async fn end(
    store: &Store,
    ctx: &Context,
    cookie: Option<&str>,
    sid: Option<&str>,
    user_id: Option<&str>,
) -> Result<bool, ApiError> {
    let id = cookie.map(|c| SecretHash::of(c).as_str().to_string());
    let ended = store.end_session(id.as_deref(), sid, ctx.now).await?;
    if ended > 0 {
        let mut entry = Entry::new(Event::Logout).with("sessions", ended);
        if let Some(u) = user_id {
            entry = entry.user(u);
        }
        ctx.record(entry).await;
    }
    Ok(ended > 0)
}
