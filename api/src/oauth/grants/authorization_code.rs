//! RFC 6749 §4.1.3: exchanging an authorization code, with PKCE (RFC 7636
//! §4.6) and OpenID Connect's ID token (OIDC Core §3.1.3).
//!
//! One signature per token, and one transaction that uses the code up,
//! records what it issued and stores the refresh-token family: a second
//! use of the code finds that record and revokes what the first issued
//! (RFC 6749 §4.1.2, RFC 9700 §4.5).

use super::super::error::OAuthError;
use super::super::issue::TokenResponse;
use super::super::issue::{
    Issuance, UserGrant, mint_for_user, new_family, record_issuance, response,
};
use super::super::pkce::verify_s256;
use super::super::tokens::Authentication;
use crate::domain::Context;
use crate::domain::audit::{Entry, Event};
use crate::domain::scopes::{Policies, ScopeSet, grantable_to};
use crate::secrets::{PlainSecret, SecretHash, random_id};
use crate::state::AppState;
use crate::storage::{ClientRecord, CodeRecord, Families, GrantType, Redemption};

fn invalid() -> OAuthError {
    OAuthError::invalid_grant("the authorization code is invalid, expired or used")
}

/// The token request of the code flow, as presented.
pub struct CodeExchange<'a> {
    pub code: &'a str,
    pub redirect_uri: Option<&'a str>,
    pub code_verifier: Option<&'a str>,
}

pub async fn grant(
    state: &AppState,
    ctx: &Context,
    client: &ClientRecord,
    req: CodeExchange<'_>,
) -> Result<TokenResponse, OAuthError> {
    if req.code.len() > 512 {
        return Err(invalid());
    }
    let hash = SecretHash::of(req.code);
    let record = state.store.find_code(hash.as_str()).await?.ok_or_else(|| {
        tracing::warn!(client_id = %client.id, "code exchange: unknown code");
        invalid()
    })?;
    // RFC 6749 §4.1.3: issued to this client. Another client's attempt
    // does not use the code up.
    if record.client_id != client.id {
        tracing::warn!(client_id = %client.id, owner = %record.client_id, "code exchange: code of another client");
        return Err(invalid());
    }
    if record.used_at.is_some() {
        replayed(state, ctx, &record).await?;
        return Err(invalid());
    }
    if record.expires_at <= ctx.now {
        tracing::warn!(client_id = %client.id, "code exchange: expired code");
        return Err(invalid());
    }
    // RFC 6749 §4.1.3: the same redirect URI as in the authorization request.
    if req.redirect_uri != Some(record.redirect_uri.as_str()) {
        tracing::warn!(client_id = %client.id, "code exchange: redirect_uri differs from the authorization request");
        return Err(OAuthError::invalid_grant(
            "redirect_uri does not match the authorization request",
        ));
    }
    check_pkce(client, &record, req.code_verifier)?;
    let user = state
        .store
        .find_user(&record.user_id)
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(|| {
            tracing::warn!(client_id = %client.id, "code exchange: user gone or disabled");
            invalid()
        })?;
    // What was granted, within what the client may have now, and `admin`
    // only for a user who is still an admin.
    let scope = grantable_to(
        ScopeSet::from_stored(&record.scope).intersection(&ScopeSet::from_stored(&client.scope)),
        &user.roles,
    );
    let stored: Policies = serde_json::from_str(&record.policies).unwrap_or_default();
    let grant = UserGrant {
        grant: Issuance::Grant(GrantType::AuthorizationCode),
        user: &user,
        client_id: &client.id,
        policies: crate::domain::scopes::policies_for(&stored, &scope),
        scope,
        auth_time: record.auth_time,
        nonce: record.nonce.clone(),
        authn: Authentication::from_stored(&record.amr, record.sid.clone()),
    };
    let minted = mint_for_user(state, ctx, &grant)?;
    let refresh = client
        .may_use(GrantType::RefreshToken)
        .then(|| PlainSecret::generate("rt_"));
    let family_id = random_id();
    let refresh_hash = refresh.as_ref().map(PlainSecret::hash);
    let redemption = Redemption {
        access_jti: &minted.access.claims.jti,
        access_expires_at: minted.access.claims.exp,
        refresh: refresh_hash
            .as_ref()
            .map(|h| new_family(state, ctx, &grant, &minted, &family_id, h)),
    };
    if !state
        .store
        .redeem_code(hash.as_str(), ctx.now, &redemption)
        .await?
    {
        // Another request used it between our read and our write.
        if let Some(now_used) = state.store.find_code(hash.as_str()).await? {
            replayed(state, ctx, &now_used).await?;
        }
        return Err(invalid());
    }
    record_issuance(state, ctx, &grant, &minted.scope).await;
    Ok(response(
        state,
        minted,
        refresh.map(|t| t.expose().to_string()),
    ))
}

/// RFC 7636 §4.6 with RFC 9700 §2.1.1: a code issued with a challenge needs
/// the verifier of it; a verifier for a code issued without one is refused
/// (a downgrade: someone stripped the challenge from the request).
fn check_pkce(
    client: &ClientRecord,
    record: &CodeRecord,
    verifier: Option<&str>,
) -> Result<(), OAuthError> {
    match (record.code_challenge.as_deref(), verifier) {
        (Some(challenge), Some(v)) if verify_s256(v, challenge) => Ok(()),
        (Some(_), Some(_)) => {
            tracing::warn!(client_id = %client.id, "code exchange: wrong code_verifier");
            Err(OAuthError::invalid_grant(
                "the code_verifier does not match the code_challenge",
            ))
        }
        (Some(_), None) => {
            tracing::warn!(client_id = %client.id, "code exchange: code_verifier missing");
            Err(OAuthError::invalid_grant("code_verifier is required"))
        }
        (None, Some(_)) => {
            tracing::warn!(client_id = %client.id, "code exchange: verifier for a code issued without a challenge");
            Err(OAuthError::invalid_grant(
                "the authorization request had no code_challenge, so no code_verifier is accepted",
            ))
        }
        (None, None) => Ok(()),
    }
}

/// A code used twice: someone else holds it. What the first use issued is
/// revoked: the refresh-token family and the access token.
async fn replayed(state: &AppState, ctx: &Context, record: &CodeRecord) -> Result<(), OAuthError> {
    if let Some(family) = &record.family_id {
        state
            .store
            .revoke_refresh(Families::One(family), ctx.now)
            .await?;
    }
    if let (Some(jti), Some(exp)) = (&record.access_jti, record.access_expires_at) {
        state.store.revoke_access_token(jti, exp).await?;
    }
    tracing::warn!(client_id = %record.client_id, "authorization code replayed: its tokens are revoked");
    metrics::counter!("authorization_code_replay_total").increment(1);
    ctx.record(
        Entry::new(Event::RefreshReuseDetected)
            .user(&record.user_id)
            .client(&record.client_id)
            .with("code_replayed", true),
    )
    .await;
    Ok(())
}
