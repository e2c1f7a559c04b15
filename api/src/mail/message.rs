//! Building the MIME message (RFC 5322, RFC 2046 §5.1.4
//! `multipart/alternative`): a plain-text part and an HTML part of the
//! same content, so every client shows one of them.

use std::time::{Duration, UNIX_EPOCH};

use lettre::Message;
use lettre::message::{Mailbox, MultiPart};

/// A mail ready to go, as stored in the queue.
pub(super) struct Outgoing<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
}

/// The message `from` sends, dated `now` (the server's clock).
pub(super) fn build(from: &Mailbox, m: &Outgoing<'_>, now: i64) -> Result<Message, String> {
    let to: Mailbox =
        m.to.parse()
            .map_err(|_| "the recipient is not a valid address".to_string())?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject)
        .date(UNIX_EPOCH + Duration::from_secs(u64::try_from(now).unwrap_or(0)))
        .multipart(MultiPart::alternative_plain_html(
            m.text.to_string(),
            m.html.to_string(),
        ))
        .map_err(|e| format!("cannot build the message: {e}"))
}

/// Text made safe to put into HTML (element content or a quoted
/// attribute).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The domain of an address, for logs (never the whole address).
pub(super) fn domain_of(addr: &str) -> &str {
    addr.rsplit_once('@')
        .map_or("?", |(_, d)| d.trim_end_matches('>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from() -> Mailbox {
        "auth-server@localhost".parse().unwrap()
    }

    #[test]
    fn a_message_has_both_parts_and_the_headers() {
        let m = Outgoing {
            to: "alice@example.com",
            subject: "Hello",
            text: "plain body",
            html: "<p>html body</p>",
        };
        let raw =
            String::from_utf8(build(&from(), &m, 1_700_000_000).unwrap().formatted()).unwrap();
        assert!(raw.contains("From: auth-server@localhost"), "{raw}");
        assert!(raw.contains("To: alice@example.com"), "{raw}");
        assert!(raw.contains("Subject: Hello"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(
            raw.contains("text/plain") && raw.contains("text/html"),
            "{raw}"
        );
        assert!(raw.contains("Date: Tue, 14 Nov 2023 22:13:20"), "{raw}");
    }

    #[test]
    fn a_bad_recipient_is_an_error_not_a_panic() {
        let m = Outgoing {
            to: "not an address",
            subject: "s",
            text: "t",
            html: "h",
        };
        assert!(build(&from(), &m, 0).is_err());
    }

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape_html(r#"<b>"Tom" & 'Jerry'</b>"#),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn logs_name_only_the_domain() {
        assert_eq!(domain_of("alice@example.com"), "example.com");
        assert_eq!(domain_of("Alice <alice@example.com>"), "example.com");
        assert_eq!(domain_of("nobody"), "?");
    }
}
