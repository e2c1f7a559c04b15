//! The hashing pool: dedicated threads at a lowered priority fed by one
//! bounded queue, so password hashes never run on the async runtime (see
//! the parent module).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, TrySendError};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

use super::HashError;

tokio::task_local! {
    /// The hang-up signal of the request being served, when the server
    /// watches its connection (`http::hangup`).
    static CALLER: CancellationToken;
}

/// Runs `f` (a request) with its caller's hang-up signal: a password check
/// it waits for is given up, and dropped from the queue, once `gone` is
/// raised. poem lets a request run on after its client has left, so
/// without this an abandoned login still costs a hash.
pub async fn until_caller_leaves<F: std::future::Future>(
    gone: CancellationToken,
    f: F,
) -> F::Output {
    CALLER.scope(gone, f).await
}

pub(super) type Job = Box<dyn FnOnce() + Send>;

/// Dedicated hashing threads fed by one bounded queue.
pub(super) struct Pool {
    pub(super) jobs: mpsc::SyncSender<Job>,
    /// Jobs skipped because their caller had gone.
    pub(super) skipped: Arc<AtomicU64>,
}

impl Pool {
    pub(super) fn new(threads: usize, queue: usize) -> Result<Self, HashError> {
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

    pub(super) async fn run<T: Send + 'static>(
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
        match CALLER.try_with(|c| c.clone()) {
            Ok(gone) => tokio::select! {
                biased;
                answer = rx => answer.map_err(|_| HashError::Failed),
                // Dropping `rx` here makes the job skip itself when its
                // turn comes.
                () = gone.cancelled() => Err(HashError::CallerGone),
            },
            Err(_) => rx.await.map_err(|_| HashError::Failed),
        }
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
