//! The typed values of settings that are more than a number: each parsed
//! once at start, and secrets that never print.

use std::fmt;

use base64::Engine;
use clap::ValueEnum;

/// The issuer URL, without a trailing slash (OIDC Discovery §3: the issuer is
/// compared as a string, so it must have one spelling).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issuer {
    url: String,
    /// Plain http on a loopback host (local development), decided once here
    /// rather than on every cookie the server sets.
    loopback_http: bool,
}

impl Issuer {
    /// An http(s) URL without query or fragment; a trailing slash is dropped.
    pub fn new(s: &str) -> Result<Self, String> {
        parse_issuer(s)
    }
    pub fn as_str(&self) -> &str {
        &self.url
    }
    /// `{issuer}{path}` for a path starting with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }
    /// Whether the issuer is plain http on a loopback address, where a
    /// `Secure` cookie would never come back.
    pub fn is_loopback_http(&self) -> bool {
        self.loopback_http
    }
}

impl fmt::Display for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

pub(super) fn parse_issuer(s: &str) -> Result<Issuer, String> {
    let url = url::Url::parse(s).map_err(|e| format!("not an absolute URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must be an http or https URL".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        // RFC 8414 §2: the issuer has no query or fragment components.
        return Err("must not have a query or fragment".into());
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    Ok(Issuer {
        url: s.trim_end_matches('/').to_string(),
        loopback_http: url.scheme() == "http" && loopback,
    })
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

pub(super) fn parse_database_url(s: &str) -> Result<DatabaseUrl, String> {
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

pub(super) fn parse_smtp_url(s: &str) -> Result<Secret, String> {
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

pub(super) fn parse_kek(s: &str) -> Result<KeyEncryptionKey, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(s.trim())
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim()))
        .map_err(|_| "expected 32 bytes in base64".to_string())?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|b: Vec<u8>| format!("expected 32 bytes in base64, got {} bytes", b.len()))?;
    Ok(KeyEncryptionKey(key))
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
    fn bad_values_are_refused_with_a_reason() {
        assert!(parse_issuer("ftp://x").is_err());
        assert!(parse_issuer("https://x/?a=b").is_err());
        assert_eq!(
            parse_issuer("https://id.example.com/").unwrap().as_str(),
            "https://id.example.com"
        );
        assert!(parse_kek("c2hvcnQ=").unwrap_err().contains("got 5 bytes"));
        assert!(parse_database_url("mysql://x").is_err());
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
