//! Typed settings, read from the environment (and an optional `.env`, loaded
//! by `main` before parsing) with the names and defaults of the contract.
//!
//! clap does the reading: every setting is also a `--flag`, a bad value stops
//! the process at start with a message naming the variable, and `--help`
//! lists them all (secrets' values hidden).

mod scalars;
mod values;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use ipnet::IpNet;

use scalars::{parse_cidr, parse_seconds, parse_ttl};
pub use values::{DatabaseUrl, Issuer, KeyEncryptionKey, LogFormat, Secret, SigningAlg};
use values::{parse_database_url, parse_issuer, parse_kek, parse_smtp_url};

#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Configuration (environment or flag)")]
pub struct Settings {
    /// `host:port` to listen on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8000")]
    pub bind_addr: SocketAddr,

    /// Public base URL; also the default audience of access tokens.
    #[arg(long, env = "ISSUER", default_value = "http://127.0.0.1:8000", value_parser = parse_issuer)]
    pub issuer: Issuer,

    /// `sqlite://…` or `postgres://…`; migrations are applied on start.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/auth.db?mode=rwc", hide_env_values = true, value_parser = parse_database_url)]
    pub database_url: DatabaseUrl,

    /// Directory of the built SPA served at `/`.
    #[arg(long, env = "WEB_DIST", default_value = "web/dist")]
    pub web_dist: PathBuf,

    /// Access-token lifetime in seconds.
    #[arg(long, env = "ACCESS_TOKEN_TTL", default_value = "900", value_parser = parse_ttl)]
    pub access_token_ttl: i64,

    /// Refresh-token lifetime in seconds.
    #[arg(long, env = "REFRESH_TOKEN_TTL", default_value = "2592000", value_parser = parse_ttl)]
    pub refresh_token_ttl: i64,

    /// Authorization-code lifetime in seconds.
    #[arg(long, env = "AUTH_CODE_TTL", default_value = "60", value_parser = parse_ttl)]
    pub auth_code_ttl: i64,

    /// Seconds a browser session lasts (the next authorization skips the
    /// login until then).
    #[arg(long, env = "SESSION_TTL", default_value = "43200", value_parser = parse_ttl)]
    pub session_ttl: i64,

    /// Seconds a user has to finish a login and consent.
    #[arg(long, env = "INTERACTION_TTL", default_value = "600", value_parser = parse_ttl)]
    pub interaction_ttl: i64,

    /// Seconds a mailed one-time code is valid.
    #[arg(long, env = "OTP_TTL", default_value = "300", value_parser = parse_ttl)]
    pub otp_ttl: i64,

    /// A racing duplicate refresh within this window gets the same successor.
    #[arg(long, env = "REFRESH_GRACE_SECONDS", default_value = "0", value_parser = parse_seconds)]
    pub refresh_grace_seconds: i64,

    /// `smtp://host:port`, `smtps://…` or `…?tls=starttls`.
    #[arg(long, env = "SMTP_URL", hide_env_values = true, value_parser = parse_smtp_url)]
    pub smtp_url: Option<Secret>,

    /// Sender address of mails.
    #[arg(long, env = "MAIL_FROM", default_value = "auth-server@localhost")]
    pub mail_from: String,

    /// Where mails are written as `.eml` files when `SMTP_URL` is unset.
    #[arg(long, env = "MAIL_OUTBOX", default_value = "data/outbox")]
    pub mail_outbox: PathBuf,

    /// 32 bytes, base64: encrypts private signing keys at rest.
    #[arg(long, env = "KEY_ENCRYPTION_KEY", hide_env_values = true, value_parser = parse_kek)]
    pub key_encryption_key: Option<KeyEncryptionKey>,

    /// Comma-separated CIDRs whose `X-Forwarded-*` headers are believed.
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_cidr)]
    pub trusted_proxies: Vec<IpNet>,

    /// `pretty` or `json` (one object per line).
    #[arg(long, env = "LOG_FORMAT", default_value = "pretty")]
    pub log_format: LogFormat,

    /// Signing algorithm of newly generated keys.
    #[arg(long, env = "SIGNING_ALG", default_value = "RS256")]
    pub signing_alg: SigningAlg,

    /// argon2id memory cost in KiB for new password hashes.
    #[arg(long, env = "ARGON2_MEMORY_KIB", default_value = "19456")]
    pub argon2_memory_kib: u32,

    /// argon2id time cost (passes) for new password hashes.
    #[arg(long, env = "ARGON2_ITERATIONS", default_value = "2")]
    pub argon2_iterations: u32,

    /// Password hashes computed at once; the rest wait, so a password flood
    /// keeps a core free for every other request. 0 = cores − 1 (at least 1).
    #[arg(long, env = "PASSWORD_HASH_CONCURRENCY", default_value = "0")]
    pub password_hash_concurrency: usize,

    /// Password hashes that may wait for a hashing thread; past that a login
    /// is answered 503 with `Retry-After` at once.
    #[arg(long, env = "PASSWORD_HASH_QUEUE", default_value = "64")]
    pub password_hash_queue: usize,

    /// Wrong passwords or codes per user and per address within 15 minutes
    /// that cost nothing; each further one doubles the wait (1 s, 2 s, …).
    #[arg(long, env = "THROTTLE_FREE_FAILURES", default_value = "5")]
    pub throttle_free_failures: i64,

    /// The longest wait a user's failures impose, in seconds (from an
    /// address the user has not signed in from; known addresses are exempt).
    #[arg(long, env = "THROTTLE_MAX_USER_DELAY", default_value = "60")]
    pub throttle_max_user_delay: i64,

    /// The longest wait an address's failures impose, in seconds.
    #[arg(long, env = "THROTTLE_MAX_ADDRESS_DELAY", default_value = "900")]
    pub throttle_max_address_delay: i64,

    /// A JSON file of more scopes for the catalogue (see the README).
    #[arg(long, env = "SCOPES_FILE")]
    pub scopes_file: Option<PathBuf>,

    /// More scopes as inline JSON, same format as `SCOPES_FILE`.
    #[arg(long, env = "EXTRA_SCOPES")]
    pub extra_scopes: Option<String>,

    /// Mail users when tokens are first issued to an app on their behalf.
    #[arg(long, env = "NOTIFY_NEW_APP", default_value = "true", action = clap::ArgAction::Set)]
    pub notify_new_app: bool,

    /// Mail users when an authenticator is added to or removed from their account.
    #[arg(long, env = "NOTIFY_AUTHENTICATOR", default_value = "true", action = clap::ArgAction::Set)]
    pub notify_authenticator: bool,

    /// Mail users when a reused refresh token ends one of their sessions.
    #[arg(long, env = "NOTIFY_SESSION_REVOKED", default_value = "true", action = clap::ArgAction::Set)]
    pub notify_session_revoked: bool,

    /// Serve django-oauth-toolkit's `/o/authorize/`, `/o/token/`,
    /// `/o/revoke_token/`, `/o/introspect/`, `/o/userinfo/` and `/o/logout/`
    /// as their `/oauth2/` twins, for clients of the Django server this one
    /// replaces.
    #[arg(long, env = "DJANGO_COMPAT_ROUTES", default_value = "true", action = clap::ArgAction::Set)]
    pub django_compat_routes: bool,

    /// Days audit-log entries are kept.
    #[arg(long, env = "AUDIT_RETENTION_DAYS", default_value = "90", value_parser = parse_ttl)]
    pub audit_retention_days: i64,

    /// Largest accepted request body in bytes under `/api` and `/oauth2`.
    #[arg(long, env = "MAX_BODY_BYTES", default_value = "65536")]
    pub max_body_bytes: usize,

    /// Database connections per server process.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value = "16")]
    pub database_max_connections: u32,
}

impl Settings {
    /// Every setting at its default, except where a test or tool overrides it.
    pub fn defaults() -> Self {
        #[derive(clap::Parser)]
        struct Only {
            #[command(flatten)]
            settings: Settings,
        }
        // Parse with no arguments and no environment influence: `ignore_errors`
        // is not needed because every field has a default or is optional.
        let cmd = <Only as clap::CommandFactory>::command();
        let cmd = cmd.get_arguments().fold(cmd.clone(), |c, a| {
            c.mut_arg(a.get_id().clone(), |a| a.env(None::<&str>))
        });
        let matches = cmd.get_matches_from(["auth-server"]);
        <Only as clap::FromArgMatches>::from_arg_matches(&matches)
            .map(|o| o.settings)
            .unwrap_or_else(unreachable_defaults)
    }

    pub fn hash_concurrency(&self) -> usize {
        if self.password_hash_concurrency > 0 {
            return self.password_hash_concurrency;
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        cores.saturating_sub(1).max(1)
    }
}

#[cold]
#[allow(
    clippy::panic,
    reason = "the built-in defaults are constants; a unit test parses them"
)]
fn unreachable_defaults(e: clap::Error) -> Settings {
    // The defaults are constants checked by a unit test; reaching this means
    // the table above was edited into something invalid.
    panic!("built-in defaults do not parse: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_contracts() {
        let s = Settings::defaults();
        assert_eq!(s.bind_addr.to_string(), "127.0.0.1:8000");
        assert_eq!(s.issuer.as_str(), "http://127.0.0.1:8000");
        assert_eq!(s.database_url.expose(), "sqlite://data/auth.db?mode=rwc");
        assert_eq!(s.access_token_ttl, 900);
        assert_eq!(s.refresh_token_ttl, 2_592_000);
        assert_eq!(s.auth_code_ttl, 60);
        assert_eq!(s.otp_ttl, 300);
        assert_eq!(s.refresh_grace_seconds, 0);
        assert!(s.smtp_url.is_none());
        assert_eq!(s.mail_from, "auth-server@localhost");
        assert!(s.key_encryption_key.is_none());
        assert!(s.trusted_proxies.is_empty());
        assert_eq!(s.log_format, LogFormat::Pretty);
        assert_eq!(s.signing_alg, SigningAlg::Rs256);
        assert!(s.django_compat_routes);
    }
}
