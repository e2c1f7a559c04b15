//! Throttling of wrong passwords and codes, per user and per client
//! address, stored so that every replica on one database shares it.
//!
//! Growing delays rather than a lock-out: the first few failures within a
//! window cost nothing, then each further one holds the key back for twice
//! as long as the one before, up to a cap. A stranger can therefore slow
//! guessing of a user's password to a crawl but cannot keep the owner out:
//! the per-user delay is capped at a minute, and it does not apply at all
//! from an address the user signed in from successfully in the last month
//! (only that address's own counter does, which the stranger does not
//! share).

use std::net::IpAddr;

use super::audit::{Entry, Event};
use super::context::Context;
use super::error::ApiError;
use crate::secrets::SecretHash;
use crate::storage::Store;

/// Failures older than this are forgotten.
const WINDOW: i64 = 15 * 60;
/// How long a successful sign-in keeps an address "known" for the user.
const KNOWN_FOR: i64 = 30 * 24 * 3600;

/// How hard throttling holds back (from configuration).
#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    /// Failures within a window that cost nothing.
    pub free_failures: i64,
    /// The longest hold of a user's key (strangers can delay the owner
    /// this much, from an address the owner never used).
    pub max_user_delay: i64,
    /// The longest hold of an address's key.
    pub max_address_delay: i64,
    /// Requests for one-time codes from one address per window.
    pub free_code_requests: i64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            free_failures: 5,
            max_user_delay: 60,
            max_address_delay: 15 * 60,
            free_code_requests: 10,
        }
    }
}

/// The keys a login attempt for `username` from `ip` counts against.
struct Keys {
    user: String,
    address: Option<String>,
}

/// The user's key holds a hash of the name: any text a caller sends (a
/// NUL PostgreSQL cannot store, 600 bytes) makes a key of one shape, and
/// the table holds no usernames.
fn keys(username: &str, ip: Option<IpAddr>) -> Keys {
    Keys {
        user: format!("login:user:{}", SecretHash::of(username).as_str()),
        address: ip.map(|ip| format!("login:ip:{ip}")),
    }
}

/// The delay after the `failures`-th failure when `free` cost nothing.
fn delay(failures: i64, free: i64, max: i64) -> i64 {
    if failures <= free {
        return 0;
    }
    let doublings = (failures - free - 1).min(20) as u32;
    (1i64 << doublings).min(max)
}

/// Refuses a login attempt for `username` (canonical) while one of its
/// keys is held back: 429 with the seconds to wait. `user_id` is the user
/// the name belongs to, if any, for the known-address exemption; an unknown
/// name is throttled exactly like a known one, so the answer tells nothing.
pub async fn check_login(
    store: &Store,
    ctx: &Context,
    username: &str,
    user_id: Option<&str>,
) -> Result<(), ApiError> {
    let k = keys(username, ctx.ip);
    let known = match (user_id, ctx.ip) {
        (Some(id), Some(ip)) => {
            store
                .is_known_address(id, &ip.to_string(), ctx.now - KNOWN_FOR)
                .await?
        }
        _ => false,
    };
    let mut counted: Vec<&str> = Vec::with_capacity(2);
    if !known {
        counted.push(&k.user);
    }
    if let Some(a) = &k.address {
        counted.push(a);
    }
    let until = store.throttle_blocked_until(&counted).await?;
    if until > ctx.now {
        let retry_after = (until - ctx.now) as u64;
        tracing::warn!(actor = %ctx.actor, retry_after, "login throttled");
        let mut entry = Entry::new(Event::LoginThrottled).with("retry_after", retry_after);
        if let Some(id) = user_id {
            entry = entry.user(id);
        }
        ctx.record(entry).await;
        return Err(ApiError::TooManyRequests { retry_after });
    }
    Ok(())
}

/// Counts a wrong password or code for `username` from this address.
pub async fn login_failed(
    store: &Store,
    policy: &ThrottlePolicy,
    ctx: &Context,
    username: &str,
) -> Result<(), ApiError> {
    let k = keys(username, ctx.ip);
    let window_start = ctx.now - WINDOW;
    let failures = store.throttle_fail(&k.user, ctx.now, window_start).await?;
    let d = delay(failures, policy.free_failures, policy.max_user_delay);
    if d > 0 {
        store.throttle_block(&k.user, ctx.now + d).await?;
    }
    if let Some(a) = &k.address {
        let failures = store.throttle_fail(a, ctx.now, window_start).await?;
        let d = delay(failures, policy.free_failures, policy.max_address_delay);
        if d > 0 {
            store.throttle_block(a, ctx.now + d).await?;
        }
    }
    Ok(())
}

/// A successful sign-in: the user's failures are forgotten and this
/// address becomes one of theirs. (The address's own failures are not:
/// an attacker with one account of their own must not be able to reset
/// the counter of the address they guess from.)
pub async fn login_succeeded(
    store: &Store,
    ctx: &Context,
    username: &str,
    user_id: &str,
) -> Result<(), ApiError> {
    store.throttle_clear(&keys(username, ctx.ip).user).await?;
    if let Some(ip) = ctx.ip {
        store
            .remember_address(user_id, &ip.to_string(), ctx.now)
            .await?;
    }
    Ok(())
}

/// Requests for one-time codes, per address: a few are free, then each
/// holds the address back for longer. Every request counts, known user or
/// not, so the answer is the same for both.
pub async fn code_requested(
    store: &Store,
    policy: &ThrottlePolicy,
    ctx: &Context,
) -> Result<(), ApiError> {
    let Some(ip) = ctx.ip else { return Ok(()) };
    let key = format!("otp_request:ip:{ip}");
    let until = store.throttle_blocked_until(&[&key]).await?;
    if until > ctx.now {
        return Err(ApiError::TooManyRequests {
            retry_after: (until - ctx.now) as u64,
        });
    }
    let requests = store.throttle_fail(&key, ctx.now, ctx.now - WINDOW).await?;
    let d = delay(
        requests,
        policy.free_code_requests,
        policy.max_address_delay,
    );
    if d > 0 {
        store.throttle_block(&key, ctx.now + d).await?;
    }
    Ok(())
}

/// How long throttle state is kept once it no longer holds anything back.
pub fn retention(now: i64) -> (i64, i64) {
    (now - WINDOW, now - KNOWN_FOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_free_failures_and_double_up_to_the_cap() {
        let p = ThrottlePolicy::default();
        let d: Vec<i64> = (1..=14)
            .map(|n| delay(n, p.free_failures, p.max_user_delay))
            .collect();
        assert_eq!(d, [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(delay(40, 5, p.max_address_delay), p.max_address_delay);
    }
}
