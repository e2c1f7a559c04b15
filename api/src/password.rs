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

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, TrySendError};
use std::sync::{Arc, Mutex};

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// Dedicated hashing threads fed by one bounded queue.
struct Pool {
    jobs: mpsc::SyncSender<Job>,
    /// Jobs skipped because their caller had gone.
    skipped: Arc<AtomicU64>,
}

impl Pool {
    fn new(threads: usize, queue: usize) -> Result<Self, HashError> {
        let (tx, rx) = mpsc::sync_channel::<Job>(queue.max(1));
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        // The lock is held only while taking the next job.
                        let job = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return, // the hasher was dropped
                        }
                    }
                })
                .map_err(|_| HashError::Failed)?;
        }
        Ok(Self {
            jobs: tx,
            skipped: Arc::new(AtomicU64::new(0)),
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        let (tx, rx) = oneshot::channel();
        let skipped = self.skipped.clone();
        let job: Job = Box::new(move || {
            // The receiver is dropped with the caller's future: nobody
            // would read the answer.
            if tx.is_closed() {
                skipped.fetch_add(1, Ordering::Relaxed);
                metrics::counter!("password_hashes_skipped_total").increment(1);
                return;
            }
            let _ = tx.send(job());
        });
        self.jobs.try_send(job).map_err(|e| match e {
            TrySendError::Full(_) => {
                metrics::counter!("password_hash_queue_full_total").increment(1);
                HashError::Busy
            }
            TrySendError::Disconnected(_) => HashError::Failed,
        })?;
        rx.await.map_err(|_| HashError::Failed)
    }
}

/// Nice 10 for the calling thread (Linux keeps nice values per thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain syscalls on the calling thread, no pointers involved.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

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

    /// Whether `password` matches `stored`. With `None` (no such user) it
    /// does the same work against a dummy hash and answers false.
    pub async fn verify(
        &self,
        password: &Password,
        stored: Option<&str>,
    ) -> Result<bool, HashError> {
        let (hash, real) = match stored {
            Some(h) => (h.to_string(), true),
            None => (self.dummy_hash.clone(), false),
        };
        let password = password.clone();
        let ok = self
            .run(move || {
                // The parameters come from the stored PHC string, so hashes
                // made under older settings keep verifying.
                Argon2::default()
                    .verify_password(password.expose().as_bytes(), hash.as_str())
                    .is_ok()
            })
            .await?;
        Ok(ok && real)
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashError> {
        self.pool.run(job).await
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
