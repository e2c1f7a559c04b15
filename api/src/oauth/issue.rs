//! Building a token response (RFC 6749 §5.1): the access token, an ID token
//! when `openid` was granted, and a refresh token when the client may use
//! the refresh_token grant.

use serde::Serialize;

use super::error::OAuthError;
use super::tokens::{Authentication, MintedAccess, TokenSubject, mint_access, mint_id_token};
use super::userinfo::claims_for;
use crate::domain::audit::{Entry, Event};
use crate::domain::scopes::{Policies, ScopeSet};
use crate::domain::{Context, GrantType};
use crate::secrets::{PlainSecret, hmac_b64, random_id};
use crate::state::AppState;
use crate::storage::{NewRefreshToken, UserRecord};

/// RFC 6749 §5.1, with OIDC Core §3.1.3.3's `id_token`.
#[derive(Clone, Debug, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

/// What a user granted a client, ready to become tokens.
pub struct UserGrant<'a> {
    /// How the tokens are issued (for the audit log and metrics).
    pub grant: Issuance,
    pub user: &'a UserRecord,
    pub client_id: &'a str,
    pub scope: ScopeSet,
    pub policies: Policies,
    pub auth_time: i64,
    pub nonce: Option<String>,
    /// How the user authenticated (`amr`, `acr` and `sid` of the ID token).
    pub authn: Authentication,
}

/// How tokens come to be issued: by an OAuth grant, or by the integrator's
/// one-time-code login (which is not a grant of the token endpoint).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Issuance {
    Grant(GrantType),
    OneTimeCode,
}

impl Issuance {
    /// The label of audit entries and of `tokens_issued_total`.
    pub fn as_str(self) -> &'static str {
        match self {
            Issuance::Grant(g) => g.as_str(),
            Issuance::OneTimeCode => "one_time_code",
        }
    }
}

/// Where the refresh token of the response comes from.
pub enum RefreshIssue {
    /// The client may not refresh: no refresh token.
    None,
    /// A new family (a fresh login).
    NewFamily,
    /// The successor produced by a rotation.
    Rotated(PlainSecret),
}

/// The signed tokens of a grant, before anything is stored.
pub struct Minted {
    pub access: MintedAccess,
    pub id_token: Option<String>,
    /// The scope as granted, space-separated.
    pub scope: String,
    /// The policies as stored with refresh tokens (JSON).
    pub policies_json: String,
}

/// Signs the access token (and the ID token when `openid` was granted):
/// one signature each, nothing stored.
pub fn mint_for_user(
    state: &AppState,
    ctx: &Context,
    grant: &UserGrant<'_>,
) -> Result<Minted, OAuthError> {
    let settings = &state.settings;
    let scope = grant.scope.to_string();
    let access = mint_access(
        &state.keys,
        settings.issuer.as_str(),
        TokenSubject {
            sub: &grant.user.id,
            client_id: grant.client_id,
            roles: grant.user.roles.clone(),
            auth_time: Some(grant.auth_time),
        },
        scope.clone(),
        grant.policies.clone(),
        ctx.now,
        settings.access_token_ttl,
    )?;
    let id_token = if grant.scope.contains("openid") {
        Some(mint_id_token(
            &state.keys,
            &access,
            grant.auth_time,
            grant.nonce.clone(),
            &grant.authn,
            id_token_claims(grant),
        )?)
    } else {
        None
    };
    Ok(Minted {
        access,
        id_token,
        scope,
        policies_json: serde_json::to_string(&grant.policies).unwrap_or_else(|_| "{}".into()),
    })
}

/// The claims about the user the grant releases, for the ID token: those
/// of UserInfo but `sub` (which the ID token has already).
fn id_token_claims(grant: &UserGrant<'_>) -> serde_json::Map<String, serde_json::Value> {
    let claims = claims_for(grant.user, &grant.scope, &grant.policies);
    match serde_json::to_value(claims) {
        Ok(serde_json::Value::Object(mut m)) => {
            m.remove("sub");
            m
        }
        _ => serde_json::Map::new(),
    }
}

/// The first refresh token of a new family for `grant`, not yet stored.
pub fn new_family<'a>(
    state: &AppState,
    ctx: &Context,
    grant: &'a UserGrant<'a>,
    minted: &'a Minted,
    id: &'a str,
    hash: &'a crate::secrets::SecretHash,
) -> NewRefreshToken<'a> {
    NewRefreshToken {
        id,
        token_hash: hash.as_str(),
        client_id: grant.client_id,
        user_id: &grant.user.id,
        scope: &minted.scope,
        policies: &minted.policies_json,
        auth_time: grant.auth_time,
        issued_at: ctx.now,
        expires_at: ctx.now + state.settings.refresh_token_ttl,
    }
}

/// Records an issuance (grant type, client, scopes, policies; never a
/// token) in the audit log and the metrics, and tells the user the first
/// time an app gets their tokens.
pub async fn record_issuance(state: &AppState, ctx: &Context, grant: &UserGrant<'_>, scope: &str) {
    let event = match grant.grant {
        Issuance::Grant(GrantType::RefreshToken) => Event::TokenRefreshed,
        _ => Event::TokenIssued,
    };
    ctx.record(
        Entry::new(event)
            .user(&grant.user.id)
            .client(grant.client_id)
            .with("grant_type", grant.grant.as_str())
            .with("scope", scope)
            .with(
                "policies",
                serde_json::to_value(&grant.policies).unwrap_or_default(),
            ),
    )
    .await;
    count_issued(grant.grant);
    if event == Event::TokenIssued {
        state
            .notify
            .tokens_issued(&state.store, ctx, grant.user, grant.client_id)
            .await;
    }
}

/// The response of RFC 6749 §5.1 from what was minted.
pub fn response(state: &AppState, minted: Minted, refresh_token: Option<String>) -> TokenResponse {
    TokenResponse {
        access_token: minted.access.token,
        token_type: "Bearer",
        expires_in: state.settings.access_token_ttl,
        refresh_token,
        scope: minted.scope,
        id_token: minted.id_token,
    }
}

/// Mints the tokens of a user's grant, stores a new refresh-token family
/// when one is due, and records the issuance.
pub async fn issue_for_user(
    state: &AppState,
    ctx: &Context,
    grant: UserGrant<'_>,
    refresh: RefreshIssue,
) -> Result<TokenResponse, OAuthError> {
    let minted = mint_for_user(state, ctx, &grant)?;
    let refresh_token = match refresh {
        RefreshIssue::None => None,
        RefreshIssue::Rotated(token) => Some(token.expose().to_string()),
        RefreshIssue::NewFamily => {
            let token = PlainSecret::generate("rt_");
            let id = random_id();
            let hash = token.hash();
            state
                .store
                .insert_refresh_token(&new_family(state, ctx, &grant, &minted, &id, &hash))
                .await?;
            Some(token.expose().to_string())
        }
    };
    record_issuance(state, ctx, &grant, &minted.scope).await;
    Ok(response(state, minted, refresh_token))
}

/// The successor of a refresh token: HMAC of the token under a server
/// secret. Only someone holding the parent can ask for it, and only the
/// server can compute it, so a racing duplicate within the grace window can
/// be handed the same successor while storage keeps nothing but hashes.
pub fn successor_of(state: &AppState, parent: &str) -> PlainSecret {
    let mac = hmac_b64(
        &state.refresh_secret,
        &[b"refresh-successor", parent.as_bytes()],
    );
    PlainSecret::from_presented(format!("rt_{mac}"))
}

/// Counts issued tokens for `/metrics`.
pub fn count_issued(how: Issuance) {
    metrics::counter!("tokens_issued_total", "grant_type" => how.as_str()).increment(1);
}
