//! Building the application from settings, and running it: the listener,
//! background tasks and graceful shutdown.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use poem::Server;
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use tokio::task::JoinHandle;

use crate::clock::SharedClock;
use crate::config::Settings;
use crate::domain::audit::Audit;
use crate::domain::notify::Notifier;
use crate::domain::otp::CodeIssuer;
use crate::domain::scopes::ScopeCatalogue;
use crate::domain::throttle::ThrottlePolicy;
use crate::http::hangup::{HangupAcceptor, Hangups};
use crate::keys::KeyRing;
use crate::mail::Mailer;
use crate::password::PasswordHasher;
use crate::state::{AppState, SharedState};
use crate::storage::Store;

/// How often a server looks for keys rotated by another process.
const KEY_POLL: Duration = Duration::from_secs(1);
/// How often expired deny-list entries and refresh tokens, and old sent
/// mail, are dropped.
const PRUNE_EVERY: Duration = Duration::from_secs(600);
/// Sent mail is kept this long (seconds) for inspection; unsent mail is
/// never dropped.
const KEEP_SENT_MAIL: i64 = 7 * 24 * 3600;
/// How long in-flight requests get to finish after SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Connects to the database and applies migrations.
pub async fn open_store(settings: &Settings) -> anyhow::Result<(Store, u64)> {
    let store = Store::connect(&settings.database_url, settings.database_max_connections)
        .await
        .context("cannot open the database (DATABASE_URL)")?;
    let applied = store.migrate().await.context("cannot apply migrations")?;
    Ok((store, applied))
}

/// Everything a request handler needs, from settings and a clock.
pub async fn build_state(settings: Settings, clock: SharedClock) -> anyhow::Result<SharedState> {
    let (store, applied) = open_store(&settings).await?;
    if applied > 0 {
        tracing::info!(
            applied,
            backend = store.backend().name(),
            "migrations applied"
        );
    }
    let keys = KeyRing::load(
        store.clone(),
        settings.key_encryption_key.as_ref(),
        settings.signing_alg,
        settings.access_token_ttl,
        clock.now(),
    )
    .await
    .context("cannot load the signing keys")?;
    let csrf_secret = keys
        .server_secret("interaction-csrf", clock.now())
        .await
        .context("cannot load the server secret")?;
    let refresh_secret = keys
        .server_secret("refresh-successor", clock.now())
        .await
        .context("cannot load the server secret")?;
    let hasher = PasswordHasher::new(
        settings.argon2_memory_kib,
        settings.argon2_iterations,
        settings.hash_concurrency(),
        settings.password_hash_queue,
    )
    .context("invalid argon2 settings (ARGON2_MEMORY_KIB, ARGON2_ITERATIONS)")?;
    let scopes = scope_catalogue(&settings)?;
    // A bad SMTP_URL stops the start here; the message names the setting,
    // never its value (which may hold a password).
    let mailer = Mailer::new(store.clone(), &settings)?;
    let codes = CodeIssuer {
        mailer: mailer.clone(),
        secret: Arc::new(
            keys.server_secret("otp-codes", clock.now())
                .await
                .context("cannot load the server secret")?,
        ),
        ttl: settings.otp_ttl,
    };
    let notify = Notifier {
        mailer: mailer.clone(),
        new_app: settings.notify_new_app,
        authenticator: settings.notify_authenticator,
        session_revoked: settings.notify_session_revoked,
    };
    let audit = start_audit(&store);
    let ctx =
        crate::domain::Context::local(crate::domain::Actor::System, clock.now(), audit.clone());
    crate::domain::web_client::ensure_web_client(&store, &ctx, settings.issuer.as_str())
        .await
        .map_err(|e| anyhow::anyhow!("cannot register the web client: {}", e.description()))?;
    let throttle = ThrottlePolicy {
        free_failures: settings.throttle_free_failures.max(0),
        max_user_delay: settings.throttle_max_user_delay.max(1),
        max_address_delay: settings.throttle_max_address_delay.max(1),
        ..ThrottlePolicy::default()
    };
    Ok(Arc::new(AppState {
        settings,
        store,
        keys,
        hasher,
        clock,
        scopes,
        refresh_secret,
        csrf_secret,
        audit,
        throttle,
        mailer,
        codes,
        notify,
    }))
}

/// The contract's catalogue with the scopes of `SCOPES_FILE` and
/// `EXTRA_SCOPES` added.
fn scope_catalogue(settings: &Settings) -> anyhow::Result<ScopeCatalogue> {
    let mut catalogue = ScopeCatalogue::default();
    if let Some(path) = &settings.scopes_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read SCOPES_FILE {}", path.display()))?;
        let extra = ScopeCatalogue::parse_extra(&text).context("invalid SCOPES_FILE")?;
        catalogue = catalogue.with(extra).context("invalid SCOPES_FILE")?;
    }
    if let Some(json) = &settings.extra_scopes {
        let extra = ScopeCatalogue::parse_extra(json).context("invalid EXTRA_SCOPES")?;
        catalogue = catalogue.with(extra).context("invalid EXTRA_SCOPES")?;
    }
    Ok(catalogue)
}

/// The audit log's writer, running in the background until every handle
/// is dropped.
pub fn start_audit(store: &Store) -> Audit {
    let (audit, writer) = Audit::start(store.clone());
    tokio::spawn(writer);
    audit
}

/// A server listening on its port, with its background tasks.
pub struct Running {
    pub addr: SocketAddr,
    pub state: SharedState,
    server: JoinHandle<std::io::Result<()>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    /// Waits until the server has stopped (after its shutdown signal).
    pub async fn wait(mut self) -> anyhow::Result<()> {
        let result = (&mut self.server).await;
        for t in &self.tasks {
            t.abort();
        }
        // Entries of the last requests are written before the pool closes.
        self.state.audit.flush().await;
        self.state.store.close().await;
        result
            .context("server task failed")?
            .context("server failed")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.server.abort();
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// A bound listener, before the application exists (so that a test can
/// learn its port, with port 0, and make it the issuer).
pub struct Bound {
    acceptor: TcpAcceptor,
    pub addr: SocketAddr,
}

pub async fn bind(addr: SocketAddr) -> anyhow::Result<Bound> {
    let acceptor = TcpListener::bind(addr)
        .into_acceptor()
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let addr = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .context("listener has no address")?;
    Ok(Bound { acceptor, addr })
}

/// Binds `BIND_ADDR` and serves until `shutdown` completes, then lets
/// in-flight requests finish.
pub async fn start(
    state: SharedState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Running> {
    let bound = bind(state.settings.bind_addr).await?;
    serve_on(bound, state, shutdown)
}

/// Serves on an already bound listener.
pub fn serve_on(
    bound: Bound,
    state: SharedState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Running> {
    let Bound { acceptor, addr } = bound;
    // Install the metrics recorder before the first request is counted.
    crate::telemetry::metrics_handle();
    let hangups = Hangups::default();
    let app = crate::http::app(state.clone(), hangups.clone());
    let acceptor = HangupAcceptor::new(acceptor, hangups.clone());
    let server = tokio::spawn(async move {
        Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(app, shutdown, Some(SHUTDOWN_GRACE))
            .await
    });
    let tasks = vec![
        tokio::spawn(poll_keys(state.clone())),
        tokio::spawn(prune(state.clone())),
        tokio::spawn(state.mailer.sender(state.clock.clone())),
    ];
    Ok(Running {
        addr,
        state,
        server,
        tasks,
    })
}

async fn poll_keys(state: SharedState) {
    let mut tick = tokio::time::interval(KEY_POLL);
    loop {
        tick.tick().await;
        match state.keys.refresh().await {
            Ok(true) => tracing::info!(kid = %state.keys.current().kid, "signing keys reloaded"),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "signing key reload failed"),
        }
    }
}

async fn prune(state: SharedState) {
    let mut tick = tokio::time::interval(PRUNE_EVERY);
    loop {
        tick.tick().await;
        if let Err(e) = prune_once(&state).await {
            tracing::warn!(error = %e, "pruning failed");
        }
    }
}

/// Drops what can no longer matter: expired tokens and codes, throttle
/// state that holds nothing back, audit entries past their retention.
pub async fn prune_once(state: &AppState) -> Result<(), crate::storage::StoreError> {
    let now = state.now();
    let tokens = state.store.prune_expired(now).await?;
    let (failures_before, addresses_before) = crate::domain::throttle::retention(now);
    let throttle = state
        .store
        .prune_throttle(now, failures_before, addresses_before)
        .await?;
    let audit = state
        .store
        .prune_audit(now - state.settings.audit_retention_days * 86_400)
        .await?;
    let mail = state.store.prune_sent_mail(now - KEEP_SENT_MAIL).await?;
    if tokens + throttle + audit + mail > 0 {
        tracing::info!(tokens, throttle, audit, mail, "expired rows pruned");
    }
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
