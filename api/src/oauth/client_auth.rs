//! Client authentication at the token, revocation and introspection
//! endpoints: `client_secret_basic`, `client_secret_post` and `none`
//! (RFC 6749 §2.3.1, OIDC Core §9).

use super::error::OAuthError;
use crate::domain::client_secrets::check_client_secret;
use crate::domain::{Actor, Context};
use crate::password::PasswordHasher;
use crate::storage::{ClientRecord, ClientType, Store};
use crate::telemetry::untrusted;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMethod {
    SecretBasic,
    SecretPost,
    None,
}

/// What the request carried, before any check.
#[derive(Default)]
pub struct PresentedCredentials {
    /// From `Authorization: Basic`, already decoded (RFC 6749 §2.3.1).
    pub basic: Option<(String, String)>,
    /// `client_id` in the body.
    pub body_id: Option<String>,
    /// `client_secret` in the body.
    pub body_secret: Option<String>,
    /// An `Authorization` header that is not valid Basic.
    pub malformed_header: bool,
}

pub struct AuthenticatedClient {
    pub client: ClientRecord,
    pub method: AuthMethod,
}

fn unknown() -> OAuthError {
    OAuthError::invalid_client("client authentication failed")
}

/// RFC 6749 §2.3: exactly one method; a confidential client must prove its
/// secret, a public client only names itself (and must not send a secret).
/// `hasher` checks the secrets of clients imported from Django, which are
/// stored as Django password hashes (see `domain::client_secrets`).
pub async fn authenticate_client(
    store: &Store,
    hasher: &PasswordHasher,
    ctx: &Context,
    creds: PresentedCredentials,
) -> Result<AuthenticatedClient, OAuthError> {
    if creds.malformed_header {
        return Err(OAuthError::invalid_client(
            "the Authorization header is not valid Basic credentials",
        ));
    }
    let (id, secret, method) = match (creds.basic, creds.body_id, creds.body_secret) {
        (Some(_), _, Some(_)) => {
            return Err(OAuthError::invalid_request(
                "use only one client authentication method",
            ));
        }
        (Some((id, secret)), body_id, None) => {
            if body_id.as_deref().is_some_and(|b| b != id) {
                return Err(OAuthError::invalid_request(
                    "client_id does not match the Authorization header",
                ));
            }
            (id, Some(secret), AuthMethod::SecretBasic)
        }
        (None, Some(id), Some(secret)) => (id, Some(secret), AuthMethod::SecretPost),
        (None, Some(id), None) => (id, None, AuthMethod::None),
        (None, None, _) => {
            return Err(OAuthError::invalid_client(
                "client authentication is required",
            ));
        }
    };
    if id.is_empty() || id.len() > 256 {
        return Err(unknown());
    }
    let client = store.find_client(&id).await?.ok_or_else(|| {
        tracing::warn!(client_id = %untrusted(&id), "unknown client");
        unknown()
    })?;
    match (client.client_type, secret) {
        (ClientType::Confidential, Some(secret)) => {
            let ctx = ctx.as_actor(Actor::Client(client.id.clone()));
            if !check_client_secret(store, hasher, &ctx, &client, &secret).await? {
                tracing::warn!(client_id = %id, "wrong client secret");
                return Err(unknown());
            }
        }
        (ClientType::Confidential, None) => {
            tracing::warn!(client_id = %id, "confidential client sent no secret");
            return Err(unknown());
        }
        (ClientType::Public, Some(_)) => {
            tracing::warn!(client_id = %id, "public client sent a secret");
            return Err(unknown());
        }
        (ClientType::Public, None) => {}
    }
    Ok(AuthenticatedClient { client, method })
}

/// Decodes `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1
/// and Appendix B); `None` when it is not Basic or does not decode. The id
/// and secret are each one `application/x-www-form-urlencoded` value:
/// percent-decoded, with `+` as a space, and nothing else (an `&` or `=` is
/// part of the value, not a separator).
pub fn parse_basic(header: &str) -> Option<(String, String)> {
    use base64::Engine;
    let (scheme, value) = header.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(value.trim())
        .ok()?;
    let raw = String::from_utf8(raw).ok()?;
    let (id, secret) = raw.split_once(':')?;
    Some((form_decode(id)?, form_decode(secret)?))
}

fn form_decode(s: &str) -> Option<String> {
    let spaced = s.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|v| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn basic(id: &str, secret: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
        )
    }

    #[test]
    fn basic_credentials_are_percent_decoded_with_plus_as_space() {
        assert_eq!(
            parse_basic(&basic("my%20app", "s%3Acret+x")),
            Some(("my app".into(), "s:cret x".into()))
        );
        assert_eq!(
            parse_basic(&basic("a", "b:c")),
            Some(("a".into(), "b:c".into()))
        );
        assert_eq!(parse_basic("Bearer abc"), None);
        assert_eq!(
            parse_basic(&basic("%E2%82%AC%2B", "%25")),
            Some(("€+".into(), "%".into()))
        );
        assert_eq!(parse_basic("Basic !!!"), None);
        assert_eq!(parse_basic("Basic "), None);
        // Invalid UTF-8 after decoding is not a credential.
        assert_eq!(parse_basic(&basic("%FF", "x")), None);
    }

    #[test]
    fn a_basic_value_is_one_value_not_a_form() {
        // `demo-client&x=y` is a client id of its own, not `demo-client`.
        assert_eq!(
            parse_basic(&basic("demo-client&x=y", "s=1&t")),
            Some(("demo-client&x=y".into(), "s=1&t".into()))
        );
    }
}
