//! JWT access tokens (RFC 9068) and ID tokens (OIDC Core §2): their claims,
//! minting and verification.

use aws_lc_rs::digest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Validation, decode, decode_header};
use serde::{Deserialize, Serialize};

use super::error::OAuthError;
use crate::domain::scopes::Policies;
use crate::keys::KeyRing;
use crate::secrets::random_id;

/// RFC 9068 §2.1: the `typ` header of access tokens.
pub const ACCESS_TOKEN_TYP: &str = "at+jwt";
const ID_TOKEN_TYP: &str = "JWT";

/// RFC 9068 §2.2 claims, plus `roles` and `policies`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub iss: String,
    /// The user id, or the client id for client_credentials.
    pub sub: String,
    pub aud: String,
    pub client_id: String,
    pub scope: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub policies: Policies,
    /// RFC 9068 §2.2.1: when the user authenticated (absent for clients).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
}

/// OIDC Core §2 ID token claims.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct IdClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub auth_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    pub at_hash: String,
    pub azp: String,
    /// The browser session (OIDC Front-Channel Logout §2), for logout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// How strongly the user authenticated: `1` (one factor) or `2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    /// RFC 8176 methods: `pwd`, `otp`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub amr: Vec<String>,
    /// The user's claims the granted scopes release (OIDC Core §5.4), as
    /// UserInfo answers them: `preferred_username`, `name`, `email`…
    #[serde(flatten)]
    pub user_claims: serde_json::Map<String, serde_json::Value>,
}

/// How a user authenticated, for the ID token (OIDC Core §2 `acr`, `amr`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Authentication {
    /// RFC 8176 method values, e.g. `["pwd", "otp"]`.
    pub amr: Vec<String>,
    /// The browser session, for a login through the authorization endpoint.
    pub sid: Option<String>,
}

impl Authentication {
    /// From the space-separated form stored with codes and sessions.
    pub fn from_stored(amr: &str, sid: Option<String>) -> Self {
        Self {
            amr: amr
                .split(' ')
                .filter(|m| !m.is_empty())
                .map(str::to_string)
                .collect(),
            sid,
        }
    }

    /// `2` when a second factor was used, else `1`.
    pub fn acr(&self) -> Option<String> {
        if self.amr.is_empty() {
            None
        } else if self.amr.len() > 1 {
            Some("2".into())
        } else {
            Some("1".into())
        }
    }
}

/// Who an access token speaks for.
pub struct TokenSubject<'a> {
    pub sub: &'a str,
    pub client_id: &'a str,
    pub roles: Vec<String>,
    pub auth_time: Option<i64>,
}

pub struct MintedAccess {
    pub token: String,
    pub claims: AccessClaims,
}

/// Signs an access token with the current key.
pub fn mint_access(
    keys: &KeyRing,
    issuer: &str,
    subject: TokenSubject<'_>,
    scope: String,
    policies: Policies,
    now: i64,
    ttl: i64,
) -> Result<MintedAccess, OAuthError> {
    let claims = AccessClaims {
        iss: issuer.to_string(),
        sub: subject.sub.to_string(),
        aud: issuer.to_string(),
        client_id: subject.client_id.to_string(),
        scope,
        exp: now + ttl,
        iat: now,
        jti: random_id(),
        roles: subject.roles,
        policies,
        auth_time: subject.auth_time,
    };
    let token = keys.current().sign_jwt(ACCESS_TOKEN_TYP, &claims)?;
    Ok(MintedAccess { token, claims })
}

/// Signs an ID token for `access` (OIDC Core §3.1.3.6 `at_hash`).
pub fn mint_id_token(
    keys: &KeyRing,
    access: &MintedAccess,
    auth_time: i64,
    nonce: Option<String>,
    authn: &Authentication,
    user_claims: serde_json::Map<String, serde_json::Value>,
) -> Result<String, OAuthError> {
    let claims = IdClaims {
        iss: access.claims.iss.clone(),
        sub: access.claims.sub.clone(),
        aud: access.claims.client_id.clone(),
        exp: access.claims.exp,
        iat: access.claims.iat,
        auth_time,
        nonce,
        at_hash: at_hash(&access.token),
        azp: access.claims.client_id.clone(),
        sid: authn.sid.clone(),
        acr: authn.acr(),
        amr: authn.amr.clone(),
        user_claims,
    };
    Ok(keys.current().sign_jwt(ID_TOKEN_TYP, &claims)?)
}

/// The left half of SHA-256 of the token, base64url (both RS256 and ES256
/// hash with SHA-256).
pub fn at_hash(access_token: &str) -> String {
    let d = digest::digest(&digest::SHA256, access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&d.as_ref()[..16])
}

/// Why a presented token is not valid; the caller sees only "invalid".
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejection {
    #[error("not a JWT")]
    Malformed,
    #[error("not an access token (typ)")]
    WrongType,
    #[error("signed by an unknown or retired key")]
    UnknownKey,
    #[error("bad signature or claims: {0}")]
    Invalid(String),
    #[error("expired")]
    Expired,
    #[error("issued in the future")]
    NotYetValid,
}

/// Allowed clock skew between replicas, in seconds.
const SKEW: i64 = 60;

/// RFC 9068 §4: checks `typ`, the key (by `kid`, with the algorithm pinned
/// to the key's own, which rules out `none` and HS256-with-the-public-key),
/// the signature, `iss`, `aud` and the times against our clock.
/// Revocation is the caller's second step (it needs the database).
pub fn verify_access(
    keys: &KeyRing,
    issuer: &str,
    token: &str,
    now: i64,
) -> Result<AccessClaims, TokenRejection> {
    let header = decode_header(token).map_err(|_| TokenRejection::Malformed)?;
    if !header.typ.as_deref().is_some_and(|t| {
        t.eq_ignore_ascii_case(ACCESS_TOKEN_TYP) || t.eq_ignore_ascii_case("application/at+jwt")
    }) {
        return Err(TokenRejection::WrongType);
    }
    let kid = header.kid.as_deref().ok_or(TokenRejection::UnknownKey)?;
    let verifier = keys.verifier(kid, now).ok_or(TokenRejection::UnknownKey)?;
    if header.alg != verifier.alg {
        return Err(TokenRejection::Invalid(
            "algorithm does not match the key".into(),
        ));
    }
    let mut validation = Validation::new(verifier.alg);
    // Times are checked below against our clock, not the system's.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[issuer]);
    let data = decode::<AccessClaims>(token, &verifier.key, &validation)
        .map_err(|e| TokenRejection::Invalid(e.to_string()))?;
    let claims = data.claims;
    if claims.exp <= now {
        return Err(TokenRejection::Expired);
    }
    if claims.iat > now + SKEW {
        return Err(TokenRejection::NotYetValid);
    }
    Ok(claims)
}

/// An ID token of ours presented back as `id_token_hint` (RP-Initiated
/// Logout §2): signed by one of our keys, issued by us, of type `JWT`. It
/// may have expired; the audience is whichever client it was for.
pub fn verify_id_token_hint(
    keys: &KeyRing,
    issuer: &str,
    token: &str,
    now: i64,
) -> Result<IdClaims, TokenRejection> {
    let header = decode_header(token).map_err(|_| TokenRejection::Malformed)?;
    if header
        .typ
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case(ACCESS_TOKEN_TYP))
    {
        return Err(TokenRejection::WrongType);
    }
    let kid = header.kid.as_deref().ok_or(TokenRejection::UnknownKey)?;
    let verifier = keys.verifier(kid, now).ok_or(TokenRejection::UnknownKey)?;
    if header.alg != verifier.alg {
        return Err(TokenRejection::Invalid(
            "algorithm does not match the key".into(),
        ));
    }
    let mut validation = Validation::new(verifier.alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["iss", "sub", "aud"]);
    validation.set_issuer(&[issuer]);
    decode::<IdClaims>(token, &verifier.key, &validation)
        .map(|d| d.claims)
        .map_err(|e| TokenRejection::Invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_hash_matches_the_oidc_example() {
        // OIDC Core, Appendix A.3: access token and its at_hash.
        assert_eq!(
            at_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
    }
}
