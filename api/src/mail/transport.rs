//! Where mail goes: an SMTP server named by `SMTP_URL`, or, when it is
//! unset, `.eml` files in `MAIL_OUTBOX`.
//!
//! `SMTP_URL` forms: `smtp://host[:port]` (plain, port 25),
//! `smtps://host[:port]` (implicit TLS, RFC 8314 §3.3, port 465),
//! `smtp://host[:port]?tls=starttls` (STARTTLS required, RFC 3207, port
//! 587); `user:password@` before the host (percent-encoded) authenticates
//! with AUTH PLAIN or LOGIN (RFC 4954). TLS is rustls with the Mozilla roots.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use percent_encoding::percent_decode_str;

use super::MailError;

/// How long one SMTP command may take before the attempt fails.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(15);
/// Longest error text kept in `last_error`.
const ERROR_MAX: usize = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// No encryption (a relay on the same host or network).
    None,
    /// TLS from the first byte (`smtps://`).
    Implicit,
    /// Plain connection upgraded with STARTTLS, refused if the server won't.
    StartTls,
}

/// What `SMTP_URL` says, parsed without any network I/O.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    /// User name and password, percent-decoded.
    pub credentials: Option<(String, String)>,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .finish()
    }
}

impl SmtpSettings {
    /// Parses `SMTP_URL`. The error never repeats the URL (it may carry a
    /// password).
    pub fn parse(url: &str) -> Result<Self, MailError> {
        let bad = |why: &str| MailError::SmtpUrl(why.to_string());
        let url = url::Url::parse(url).map_err(|_| bad("not a URL"))?;
        let mut tls = match url.scheme() {
            "smtp" => TlsMode::None,
            "smtps" => TlsMode::Implicit,
            _ => return Err(bad("the scheme must be smtp or smtps")),
        };
        for (key, value) in url.query_pairs() {
            match (key.as_ref(), value.as_ref(), tls) {
                ("tls", "starttls", TlsMode::None) => tls = TlsMode::StartTls,
                ("tls", "starttls", _) => {
                    return Err(bad("smtps:// is already TLS; use smtp://…?tls=starttls"));
                }
                ("tls", _, _) => return Err(bad("the only tls option is tls=starttls")),
                _ => return Err(bad("unknown query parameter (only tls=starttls)")),
            }
        }
        let host = match url.host() {
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            Some(h) => h.to_string(),
            None => return Err(bad("no host")),
        };
        let port = url.port().unwrap_or(match tls {
            TlsMode::None => 25,
            TlsMode::Implicit => 465,
            TlsMode::StartTls => 587,
        });
        let decode = |s: &str| {
            percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| bad("user or password is not UTF-8"))
        };
        let credentials = match (url.username(), url.password()) {
            ("", None) => None,
            (user, password) => Some((decode(user)?, decode(password.unwrap_or(""))?)),
        };
        Ok(Self {
            host,
            port,
            tls,
            credentials,
        })
    }
}

/// The transport chosen at start.
#[derive(Clone)]
pub(super) enum Transport {
    Smtp {
        smtp: AsyncSmtpTransport<Tokio1Executor>,
        /// Removed from error texts, should a server echo it.
        password: Option<String>,
    },
    Files {
        dir: PathBuf,
        files: AsyncFileTransport<Tokio1Executor>,
    },
}

/// Where a mail went.
pub(super) enum Delivered {
    Smtp,
    File(PathBuf),
}

impl Transport {
    pub(super) fn smtp(s: &SmtpSettings) -> Result<Self, MailError> {
        let tls_params = || {
            TlsParameters::new(s.host.clone())
                .map_err(|_| MailError::SmtpUrl("TLS cannot be set up".into()))
        };
        let tls = match s.tls {
            TlsMode::None => Tls::None,
            TlsMode::Implicit => Tls::Wrapper(tls_params()?),
            TlsMode::StartTls => Tls::Required(tls_params()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(s.host.as_str())
            .port(s.port)
            .tls(tls)
            .timeout(Some(COMMAND_TIMEOUT));
        if let Some((user, password)) = &s.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Transport::Smtp {
            smtp: builder.build(),
            password: s.credentials.as_ref().map(|(_, p)| p.clone()),
        })
    }

    pub(super) fn files(dir: PathBuf) -> Self {
        Transport::Files {
            files: AsyncFileTransport::new(&dir),
            dir,
        }
    }

    pub(super) fn describe(&self) -> String {
        match self {
            Transport::Smtp { .. } => "smtp".into(),
            Transport::Files { dir, .. } => format!("files in {}", dir.display()),
        }
    }

    /// Hands the message over; the error text is safe to store and log.
    pub(super) async fn send(&self, message: Message) -> Result<Delivered, String> {
        match self {
            Transport::Smtp { smtp, password } => match smtp.send(message).await {
                Ok(_) => Ok(Delivered::Smtp),
                Err(e) => Err(clean_error(&e.to_string(), password.as_deref())),
            },
            Transport::Files { dir, files } => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| {
                    clean_error(&format!("cannot create {}: {e}", dir.display()), None)
                })?;
                match files.send(message).await {
                    Ok(id) => Ok(Delivered::File(dir.join(format!("{id}.eml")))),
                    Err(e) => Err(clean_error(&e.to_string(), None)),
                }
            }
        }
    }
}

/// Bounded, single-line, and without the SMTP password.
fn clean_error(text: &str, password: Option<&str>) -> String {
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(p) = password.filter(|p| !p.is_empty()) {
        text = text.replace(p, "…");
    }
    text.chars().take(ERROR_MAX).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> SmtpSettings {
        SmtpSettings::parse(url).unwrap()
    }

    #[test]
    fn each_scheme_has_its_tls_mode_and_default_port() {
        let plain = parse("smtp://mail.example.com");
        assert_eq!(
            (plain.host.as_str(), plain.port, plain.tls),
            ("mail.example.com", 25, TlsMode::None)
        );
        let tls = parse("smtps://mail.example.com");
        assert_eq!((tls.port, tls.tls), (465, TlsMode::Implicit));
        let starttls = parse("smtp://mail.example.com?tls=starttls");
        assert_eq!((starttls.port, starttls.tls), (587, TlsMode::StartTls));
        assert!(plain.credentials.is_none());
    }

    #[test]
    fn an_explicit_port_wins() {
        assert_eq!(parse("smtp://127.0.0.1:2525").port, 2525);
        assert_eq!(parse("smtps://h:2465").port, 2465);
        assert_eq!(parse("smtp://h:25?tls=starttls").port, 25);
        assert_eq!(parse("smtp://[::1]:2525").host, "::1");
    }

    #[test]
    fn credentials_are_percent_decoded() {
        let s = parse("smtps://me%40example.com:p%40ss%3Aw%2Fd@mail.example.com");
        assert_eq!(
            s.credentials,
            Some(("me@example.com".into(), "p@ss:w/d".into()))
        );
        let s = parse("smtp://user@h");
        assert_eq!(s.credentials, Some(("user".into(), String::new())));
    }

    #[test]
    fn bad_urls_are_refused_without_repeating_them() {
        for url in [
            "http://u:hunter2@h",
            "smtp://u:hunter2@h?tls=maybe",
            "smtps://u:hunter2@h?tls=starttls",
            "smtp://u:hunter2@h?foo=bar",
            "not a url hunter2",
        ] {
            let e = SmtpSettings::parse(url).unwrap_err().to_string();
            assert!(e.contains("SMTP_URL"), "{e}");
            assert!(!e.contains("hunter2"), "{e}");
        }
    }

    #[test]
    fn every_mode_builds_a_transport_without_network() {
        for url in [
            "smtp://relay.internal",
            "smtps://u:p@mail.example.com",
            "smtp://u:p@mail.example.com?tls=starttls",
        ] {
            assert!(Transport::smtp(&parse(url)).is_ok(), "{url}");
        }
    }

    #[test]
    fn debug_output_hides_the_password() {
        let s = parse("smtp://u:hunter2@h");
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn stored_errors_are_one_bounded_line_without_the_password() {
        let e = clean_error("535 auth failed for hunter2\r\nbye", Some("hunter2"));
        assert_eq!(e, "535 auth failed for … bye");
        assert_eq!(clean_error(&"x".repeat(1000), None).len(), ERROR_MAX);
    }
}
