//! RFC 7662: token introspection for resource servers.

use serde::Serialize;

use super::bearer::{CheckError, check_access_token};
use super::error::OAuthError;
use crate::domain::scopes::Policies;
use crate::secrets::SecretHash;
use crate::state::AppState;
use crate::storage::{ClientRecord, ServiceKeyRecord, StoreError};

/// Who asks. RFC 7662 §4 leaves the policy to the server. Introspection is
/// for resource servers, which must see tokens issued to other clients, so
/// every confidential client and service key may introspect any token.
#[derive(Debug)]
pub enum Introspector {
    ConfidentialClient(String),
    ServiceKey(String),
}

impl Introspector {
    /// RFC 7662 §2.1: the caller must be authorized. A public client proves
    /// nothing about itself, so it may not read other clients' tokens.
    pub fn client(client: ClientRecord) -> Result<Self, OAuthError> {
        if !client.is_confidential() {
            tracing::warn!(client_id = %client.id, "introspection by a public client refused");
            return Err(OAuthError::invalid_client(
                "introspection needs a confidential client or a service key",
            ));
        }
        Ok(Introspector::ConfidentialClient(client.id))
    }

    pub fn service_key(key: ServiceKeyRecord) -> Self {
        Introspector::ServiceKey(key.id)
    }
}

/// RFC 7662 §2.2. Inactive tokens carry `active: false` and nothing else.
#[derive(Debug, Default, Serialize)]
pub struct Introspection {
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<Policies>,
}

impl Introspection {
    fn inactive() -> Self {
        Self::default()
    }
}

/// Answers for an access token (a JWT) or a refresh token (opaque). The
/// hint only says which to try first (RFC 7662 §2.1).
pub async fn introspect(
    state: &AppState,
    caller: &Introspector,
    token: &str,
) -> Result<Introspection, StoreError> {
    if token.is_empty() || token.len() > 8192 {
        return Ok(Introspection::inactive());
    }
    let answer = if token.matches('.').count() == 2 {
        access_token(state, token).await?
    } else {
        refresh_token(state, token).await?
    };
    tracing::debug!(?caller, active = answer.active, "introspection");
    Ok(answer)
}

/// An access token: active only if every bearer check passes; `roles` are
/// the user's roles now, not those the token was minted with.
async fn access_token(state: &AppState, token: &str) -> Result<Introspection, StoreError> {
    let active = match check_access_token(state, token).await {
        Ok(a) => a,
        Err(CheckError::Inactive(why)) => {
            tracing::debug!(reason = %why, "introspection: inactive");
            return Ok(Introspection::inactive());
        }
        Err(CheckError::Store(e)) => return Err(e),
    };
    let username = active.username().map(str::to_string);
    let roles = active.current_roles().to_vec();
    let c = active.claims;
    Ok(Introspection {
        active: true,
        scope: Some(c.scope),
        client_id: Some(c.client_id),
        username,
        token_type: Some("Bearer"),
        exp: Some(c.exp),
        iat: Some(c.iat),
        sub: Some(c.sub),
        aud: Some(c.aud),
        iss: Some(c.iss),
        jti: Some(c.jti),
        roles: Some(roles),
        policies: Some(c.policies),
    })
}

async fn refresh_token(state: &AppState, token: &str) -> Result<Introspection, StoreError> {
    let now = state.now();
    let Some(r) = state
        .store
        .find_refresh_by_hash(SecretHash::of(token).as_str())
        .await?
    else {
        return Ok(Introspection::inactive());
    };
    if r.used_at.is_some() || r.revoked_at.is_some() || r.expires_at <= now {
        return Ok(Introspection::inactive());
    }
    let Some(user) = state
        .store
        .find_user(&r.user_id)
        .await?
        .filter(|u| !u.disabled)
    else {
        return Ok(Introspection::inactive());
    };
    Ok(Introspection {
        active: true,
        scope: Some(r.scope),
        client_id: Some(r.client_id),
        username: Some(user.username),
        token_type: Some("refresh_token"),
        exp: Some(r.expires_at),
        iat: Some(r.issued_at),
        sub: Some(r.user_id),
        iss: Some(state.settings.issuer.to_string()),
        policies: serde_json::from_str(&r.policies).ok(),
        ..Introspection::default()
    })
}
