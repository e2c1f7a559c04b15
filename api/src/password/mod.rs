//! Password hashing with argon2id (RFC 9106), off the async runtime.
//!
//! A hash costs ~16 ms of CPU at the default parameters. Hashes run on a
//! pool of their own: `concurrency` threads (by default one fewer than the
//! cores) at a lowered scheduling priority (nice 10). A flood of password
//! logins queues for those threads instead of taking the cores from token,
//! introspection and validation requests, and when the runtime's threads
//! want a core the kernel gives it to them first.
//!
//! The queue is bounded: past `queue` waiting hashes a caller is told at
//! once that the server is busy ([`HashError::Busy`], answered 503 with
//! `Retry-After`) instead of waiting behind seconds of work. A queued hash
//! whose caller has gone (the client hung up, the request was cancelled)
//! is skipped when its turn comes, so abandoned requests cost nothing.
//!
//! Besides its own argon2id hashes, [`PasswordHasher::verify`] checks the
//! hashes of users imported from Django ([`django`]), on the same pool; a
//! login that matches one gets an argon2id hash to store in its place
//! ([`PasswordHasher::verify_for_login`]).

pub mod django;
mod pool;

pub use pool::until_caller_leaves;

use std::fmt;
use std::sync::atomic::Ordering;

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};

use pool::Pool;

/// A password as typed by a person. `Debug` hides it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("invalid argon2 parameters: {0}")]
    Params(String),
    #[error("password hashing failed")]
    Failed,
    /// The hashing queue is full: try again in a moment.
    #[error("too many password checks are waiting")]
    Busy,
    /// The request's caller hung up while its check waited (see
    /// [`until_caller_leaves`]).
    #[error("the caller hung up")]
    CallerGone,
}

pub struct PasswordHasher {
    params: Params,
    pool: Pool,
    /// Verified against when the user does not exist, so that an unknown
    /// username costs the same time as a wrong password.
    dummy_hash: String,
}

impl PasswordHasher {
    /// `concurrency` hashing threads; at most `queue` hashes wait for them.
    pub fn new(
        memory_kib: u32,
        iterations: u32,
        concurrency: usize,
        queue: usize,
    ) -> Result<Self, HashError> {
        let params = Params::new(memory_kib, iterations, 1, None)
            .map_err(|e| HashError::Params(e.to_string()))?;
        let dummy_hash = hash_blocking(&params, "not a password: timing equaliser")?;
        Ok(Self {
            params,
            pool: Pool::new(concurrency, queue)?,
            dummy_hash,
        })
    }

    /// How many queued hashes were skipped because their caller had gone.
    pub fn skipped(&self) -> u64 {
        self.pool.skipped.load(Ordering::Relaxed)
    }

    /// An argon2id PHC string for `password`.
    pub async fn hash(&self, password: &Password) -> Result<String, HashError> {
        let params = self.params.clone();
        let password = password.clone();
        self.run(move || hash_blocking(&params, password.expose()))
            .await?
    }

    /// Whether `password` matches `stored` (an argon2 PHC string or one of
    /// Django's formats). With `None` (no such user), or a stored value
    /// nothing can match (Django's unusable password, an unknown format),
    /// it does the same work against a dummy hash and answers false.
    pub async fn verify(
        &self,
        password: &Password,
        stored: Option<&str>,
    ) -> Result<bool, HashError> {
        Ok(self.check(password, stored, false).await?.ok)
    }

    /// [`PasswordHasher::verify`] for a login: when the password matched a
    /// hash in a format this server does not write (Django's), `upgraded`
    /// carries an argon2id hash of it under the current parameters, made in
    /// the same turn on the pool, for the caller to store in its place.
    pub async fn verify_for_login(
        &self,
        password: &Password,
        stored: Option<&str>,
    ) -> Result<Verified, HashError> {
        self.check(password, stored, true).await
    }

    async fn check(
        &self,
        password: &Password,
        stored: Option<&str>,
        upgrade: bool,
    ) -> Result<Verified, HashError> {
        let usable = stored.filter(|h| is_verifiable(h));
        let (hash, real) = match usable {
            Some(h) => (h.to_string(), true),
            None => (self.dummy_hash.clone(), false),
        };
        let password = password.clone();
        let params = self.params.clone();
        self.run(move || {
            let ok = verify_blocking(password.expose(), &hash) && real;
            let upgraded = (ok && upgrade && needs_upgrade(&hash))
                .then(|| hash_blocking(&params, password.expose()).ok())
                .flatten();
            Verified { ok, upgraded }
        })
        .await
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        self.pool.run(job).await
    }
}

/// The outcome of a login's password check.
#[derive(Debug)]
pub struct Verified {
    pub ok: bool,
    /// An argon2id hash to replace a matched hash of an older format.
    pub upgraded: Option<String>,
}

/// Whether `stored` is a hash some password could match: an argon2 PHC
/// string or a Django format (not an unusable password, not garbage).
fn is_verifiable(stored: &str) -> bool {
    stored.starts_with("$argon2") || django::scheme_of(stored).is_some()
}

/// Whether a stored hash is in a format this server checks but no longer
/// writes, so a matching login should replace it.
pub fn needs_upgrade(stored: &str) -> bool {
    django::scheme_of(stored).is_some()
}

/// The name of a stored hash's scheme, for logs and the audit trail.
pub fn scheme_name(stored: &str) -> &'static str {
    match django::scheme_of(stored) {
        Some(s) => s.name(),
        None if stored.starts_with("$argon2") => "argon2",
        None if django::is_unusable(stored) => "unusable",
        None => "unknown",
    }
}

fn verify_blocking(password: &str, stored: &str) -> bool {
    if stored.starts_with('$') {
        // The parameters come from the stored PHC string, so hashes made
        // under older settings keep verifying.
        Argon2::default()
            .verify_password(password.as_bytes(), stored)
            .is_ok()
    } else {
        django::verify(password, stored)
    }
}

fn hash_blocking(params: &Params, password: &str) -> Result<String, HashError> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|_| HashError::Failed)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::pool::Job;
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let h = PasswordHasher::new(64, 1, 1, 8).unwrap();
        let hash = h.hash(&Password::new("correct horse")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        assert!(
            h.verify(&Password::new("correct horse"), Some(&hash))
                .await
                .unwrap()
        );
        assert!(
            !h.verify(&Password::new("wrong"), Some(&hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn a_matching_django_hash_comes_back_as_argon2id_and_nothing_else_does() {
        let h = PasswordHasher::new(64, 1, 1, 8).unwrap();
        let pw = Password::new("correct horse €");
        let django = "pbkdf2_sha256$1000$saltsaltsalt$qJ7Q/FqN3U25uc/a69VDk1db0V6WqYpL8n3zuk67Bwg=";
        assert!(h.verify(&pw, Some(django)).await.unwrap());
        let v = h.verify_for_login(&pw, Some(django)).await.unwrap();
        let upgraded = v.upgraded.expect("an argon2id hash in its place");
        assert!(v.ok);
        assert!(upgraded.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        assert!(h.verify(&pw, Some(&upgraded)).await.unwrap());
        // A wrong password, or a hash that is ours already: nothing to store.
        let wrong = h
            .verify_for_login(&Password::new("x"), Some(django))
            .await
            .unwrap();
        assert!(!wrong.ok && wrong.upgraded.is_none());
        let ours = h.verify_for_login(&pw, Some(&upgraded)).await.unwrap();
        assert!(ours.ok && ours.upgraded.is_none());
        // Django's unusable password matches nothing, not even its own text.
        let unusable = "!OXNsBXedNWTagvoRU9fwdmT3BBgEXLfkiKy4VbQ8";
        assert!(
            !h.verify(&Password::new(unusable), Some(unusable))
                .await
                .unwrap()
        );
        assert_eq!(scheme_name(django), "pbkdf2_sha256");
        assert_eq!(scheme_name(&upgraded), "argon2");
        assert_eq!(scheme_name(unusable), "unusable");
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies_even_with_the_dummy_password() {
        let h = PasswordHasher::new(64, 1, 1, 8).unwrap();
        let ok = h
            .verify(&Password::new("not a password: timing equaliser"), None)
            .await
            .unwrap();
        assert!(!ok);
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_is_a_mismatch_not_a_panic() {
        let h = PasswordHasher::new(64, 1, 1, 8).unwrap();
        let ok = h
            .verify(&Password::new("x"), Some("not-a-phc-string"))
            .await
            .unwrap();
        assert!(!ok);
    }

    /// Occupies the pool's only thread until `release` is sent.
    fn block_the_pool(h: &Arc<PasswordHasher>) -> std::sync::mpsc::Sender<()> {
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let (started_tx, started) = std::sync::mpsc::channel::<()>();
        let job: Job = Box::new(move || {
            let _ = started_tx.send(());
            let _ = wait.recv();
        });
        h.pool.jobs.try_send(job).unwrap();
        started
            .recv_timeout(std::time::Duration::from_secs(5))
            .unwrap();
        release
    }

    #[tokio::test]
    async fn a_full_queue_answers_busy_at_once_instead_of_waiting() {
        let h = Arc::new(PasswordHasher::new(64, 1, 1, 2).unwrap());
        let release = block_the_pool(&h);
        // Two wait in the queue; the third is told at once.
        let queued: Vec<_> = (0..2)
            .map(|_| {
                let h = h.clone();
                tokio::spawn(async move { h.hash(&Password::new("x")).await })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let third = h.hash(&Password::new("x")).await;
        assert!(matches!(third, Err(HashError::Busy)), "{third:?}");
        release.send(()).unwrap();
        for q in queued {
            assert!(q.await.unwrap().is_ok(), "queued hashes still complete");
        }
    }

    #[tokio::test]
    async fn hashes_whose_caller_has_gone_are_skipped() {
        let h = Arc::new(PasswordHasher::new(64, 1, 1, 64).unwrap());
        let release = block_the_pool(&h);
        // Forty callers queue and give up (their futures are dropped).
        let pw = Password::new("x");
        for _ in 0..40 {
            let fut = h.verify(&pw, None);
            let _ = tokio::time::timeout(std::time::Duration::from_millis(1), fut).await;
        }
        release.send(()).unwrap();
        // A real caller behind them is served, and the forty were skipped.
        assert!(!h.verify(&Password::new("x"), None).await.unwrap());
        assert_eq!(h.skipped(), 40);
    }

    #[test]
    fn passwords_do_not_print() {
        assert_eq!(format!("{:?}", Password::new("hunter2")), "Password(…)");
    }
}
