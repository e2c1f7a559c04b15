//! Typed settings, read from the environment (and an optional `.env`, loaded
//! by `main` before parsing) with the names and defaults of the contract.
//!
//! clap does the reading: every setting is also a `--flag`, a bad value stops
//! the process at start with a message naming the variable, and `--help`
//! lists them all (secrets' values hidden).

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use base64::Engine;
use clap::{Args, ValueEnum};
use ipnet::IpNet;

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

/// The issuer URL, without a trailing slash (OIDC Discovery §3: the issuer is
/// compared as a string, so it must have one spelling).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuer(String);

impl Issuer {
    /// An http(s) URL without query or fragment; a trailing slash is dropped.
    pub fn new(s: &str) -> Result<Self, String> {
        parse_issuer(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// `{issuer}{path}` for a path starting with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.0, path)
    }
}

impl fmt::Display for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn parse_issuer(s: &str) -> Result<Issuer, String> {
    let url = url::Url::parse(s).map_err(|e| format!("not an absolute URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must be an http or https URL".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        // RFC 8414 §2: the issuer has no query or fragment components.
        return Err("must not have a query or fragment".into());
    }
    Ok(Issuer(s.trim_end_matches('/').to_string()))
}

/// Which database a URL names; the URL itself may carry a password, so it
/// is never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> Result<Self, String> {
        parse_database_url(&url.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_postgres(&self) -> bool {
        self.0.starts_with("postgres://") || self.0.starts_with("postgresql://")
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = self.0.split(':').next().unwrap_or("?");
        write!(f, "DatabaseUrl({scheme}://…)")
    }
}

fn parse_database_url(s: &str) -> Result<DatabaseUrl, String> {
    let ok = ["sqlite:", "postgres://", "postgresql://"]
        .iter()
        .any(|p| s.starts_with(p));
    if !ok {
        return Err("expected sqlite://… or postgres://…".into());
    }
    Ok(DatabaseUrl(s.to_string()))
}

/// A configuration value that must not appear in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// A value set by a program (a test) rather than read from the
    /// environment; checked where it is used.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

fn parse_smtp_url(s: &str) -> Result<Secret, String> {
    let url = url::Url::parse(s).map_err(|_| "not a URL".to_string())?;
    if !matches!(url.scheme(), "smtp" | "smtps") || url.host_str().is_none() {
        return Err("expected smtp://host:port or smtps://host:port".into());
    }
    Ok(Secret(s.to_string()))
}

/// The AES-256 key wrapping private signing keys.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyEncryptionKey(pub [u8; 32]);

impl fmt::Debug for KeyEncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyEncryptionKey(…)")
    }
}

fn parse_kek(s: &str) -> Result<KeyEncryptionKey, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim()))
        .map_err(|_| "expected 32 bytes in base64".to_string())?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|b: Vec<u8>| format!("expected 32 bytes in base64, got {} bytes", b.len()))?;
    Ok(KeyEncryptionKey(key))
}

fn parse_cidr(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| "expected a CIDR such as 10.0.0.0/8 or an IP address".into())
}

fn parse_ttl(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("expected a whole number of seconds greater than 0".into()),
    }
}

fn parse_seconds(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err("expected a whole number of seconds (0 or more)".into()),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// JWS algorithms the server can sign with (RFC 7518 §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum SigningAlg {
    #[value(name = "RS256")]
    Rs256,
    #[value(name = "ES256")]
    Es256,
}

impl SigningAlg {
    pub fn as_str(self) -> &'static str {
        match self {
            SigningAlg::Rs256 => "RS256",
            SigningAlg::Es256 => "ES256",
        }
    }
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

    #[test]
    fn bad_values_are_refused_with_a_reason() {
        assert!(parse_ttl("0").is_err());
        assert!(parse_ttl("abc").is_err());
        assert!(parse_seconds("-1").is_err());
        assert!(parse_issuer("ftp://x").is_err());
        assert!(parse_issuer("https://x/?a=b").is_err());
        assert_eq!(
            parse_issuer("https://id.example.com/").unwrap().as_str(),
            "https://id.example.com"
        );
        assert!(parse_kek("c2hvcnQ=").unwrap_err().contains("got 5 bytes"));
        assert!(parse_database_url("mysql://x").is_err());
        assert!(parse_cidr("10.0.0.0/8").is_ok());
        assert!(parse_cidr("not-a-net").is_err());
        assert!(parse_smtp_url("http://x").is_err());
    }

    #[test]
    fn secrets_do_not_print() {
        let url = DatabaseUrl::new("postgres://u:hunter2@db/x").unwrap();
        assert!(!format!("{url:?}").contains("hunter2"));
        let kek = parse_kek(&base64::engine::general_purpose::STANDARD.encode([7u8; 32])).unwrap();
        assert_eq!(format!("{kek:?}"), "KeyEncryptionKey(…)");
    }
}
