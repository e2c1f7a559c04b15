//! The mails the server sends, each as plain text and HTML. Whatever is
//! interpolated is escaped in the HTML part. A one-time code appears in the
//! bodies only, never in the subject (subjects show up in notifications,
//! previews and mail server logs).

use super::MailContent;
use super::message::escape_html;

/// A mailed sign-in code.
pub fn one_time_code(code: &str, valid_minutes: i64) -> MailContent {
    let minutes = plural(valid_minutes, "minute");
    let text = format!(
        "Your sign-in code is:\n\n    {code}\n\n\
         It is valid for {minutes} and can be used once.\n\n\
         If you did not ask for a code, you can ignore this mail: \
         nobody can sign in with it without also having this mail."
    );
    let html = layout(&format!(
        "<p>Your sign-in code is:</p>\
         <p style=\"font-size:28px;font-weight:bold;letter-spacing:4px;\
         font-family:monospace\">{}</p>\
         <p>It is valid for {minutes} and can be used once.</p>\
         <p style=\"color:#666\">If you did not ask for a code, you can ignore this mail: \
         nobody can sign in with it without also having this mail.</p>",
        escape_html(code)
    ));
    MailContent {
        subject: "Your sign-in code".into(),
        text,
        html,
    }
}

/// Tokens were issued to an app for the first time.
pub fn new_app_signed_in(client_name: &str) -> MailContent {
    notice(
        &format!("New sign-in to {client_name}"),
        &format!("{client_name} was just signed in to your account for the first time."),
        "If this was you, there is nothing to do. If not, change your password \
         and remove the app from the connected apps on your account page.",
    )
}

/// An authenticator app was confirmed for the account.
pub fn authenticator_added() -> MailContent {
    notice(
        "Authenticator app added",
        "An authenticator app was added to your account. Signing in now also \
         asks for a code from it.",
        "If this was not you, change your password at once and remove the \
         authenticator on your account page.",
    )
}

/// The authenticator app was removed from the account.
pub fn authenticator_removed() -> MailContent {
    notice(
        "Authenticator app removed",
        "The authenticator app was removed from your account. Signing in no \
         longer asks for a code from it.",
        "If this was not you, change your password at once and add an \
         authenticator again on your account page.",
    )
}

/// A refresh token was used twice, so its whole session was ended.
pub fn session_revoked_after_reuse(client_name: &str) -> MailContent {
    notice(
        &format!("A session of {client_name} was signed out"),
        &format!(
            "A sign-in of {client_name} to your account was used from two places at \
             once, which can mean that it was copied. To be safe, that session was \
             signed out."
        ),
        "Sign in again to go on. If this happens again, change your password.",
    )
}

/// A security notice: what happened, and what to do if it was not you.
fn notice(subject: &str, what: &str, advice: &str) -> MailContent {
    MailContent {
        subject: subject.to_string(),
        text: format!("{what}\n\n{advice}"),
        html: layout(&format!(
            "<p>{}</p><p>{}</p>",
            escape_html(what),
            escape_html(advice)
        )),
    }
}

fn layout(body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><body style=\"font-family:sans-serif;font-size:15px;\
         line-height:1.5;color:#222\"><div style=\"max-width:520px;margin:0 auto\">\
         {body}</div></body></html>"
    )
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_in_both_bodies_and_not_in_the_subject() {
        let m = one_time_code("123456", 5);
        assert!(!m.subject.contains("123456"));
        assert!(m.text.contains("123456") && m.html.contains("123456"));
        assert!(m.text.contains("5 minutes"));
        assert!(one_time_code("1", 1).text.contains("1 minute "));
    }

    #[test]
    fn names_are_escaped_in_html_only() {
        let m = new_app_signed_in("<script>Evil & Co</script>");
        assert!(m.text.contains("<script>Evil & Co</script>"));
        assert!(
            m.html
                .contains("&lt;script&gt;Evil &amp; Co&lt;/script&gt;")
        );
        assert!(!m.html.contains("<script>"));
        let m = session_revoked_after_reuse("<b>");
        assert!(!m.html.contains("<b>"));
    }

    #[test]
    fn every_template_has_a_subject_and_both_bodies() {
        for m in [
            one_time_code("000000", 5),
            new_app_signed_in("App"),
            authenticator_added(),
            authenticator_removed(),
            session_revoked_after_reuse("App"),
        ] {
            assert!(!m.subject.is_empty() && !m.text.is_empty());
            assert!(m.html.starts_with("<!DOCTYPE html>"));
        }
    }
}
