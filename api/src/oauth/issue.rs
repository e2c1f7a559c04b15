//! Building a token response (RFC 6749 §5.1): the access token, an ID token
//! when `openid` was granted, and a refresh token when the client may use
//! the refresh_token grant.

use serde::Serialize;

use super::error::OAuthError;
use super::tokens::{TokenSubject, mint_access, mint_id_token};
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

/// Mints the tokens of a user's grant, stores a new refresh-token family
/// when one is due, and records the issuance (grant type, client, scopes,
/// policies; never a token) in the audit log.
pub async fn issue_for_user(
    state: &AppState,
    ctx: &Context,
    grant: UserGrant<'_>,
    refresh: RefreshIssue,
) -> Result<TokenResponse, OAuthError> {
    let now = ctx.now;
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
        now,
        settings.access_token_ttl,
    )?;
    let id_token = if grant.scope.contains("openid") {
        Some(mint_id_token(
            &state.keys,
            &access,
            grant.auth_time,
            grant.nonce,
        )?)
    } else {
        None
    };
    let refresh_token = match refresh {
        RefreshIssue::None => None,
        RefreshIssue::Rotated(token) => Some(token.expose().to_string()),
        RefreshIssue::NewFamily => {
            let token = PlainSecret::generate("rt_");
            let id = random_id();
            let policies = serde_json::to_string(&grant.policies).unwrap_or_else(|_| "{}".into());
            state
                .store
                .insert_refresh_token(&NewRefreshToken {
                    id: &id,
                    token_hash: token.hash().as_str(),
                    client_id: grant.client_id,
                    user_id: &grant.user.id,
                    scope: &scope,
                    policies: &policies,
                    auth_time: grant.auth_time,
                    issued_at: now,
                    expires_at: now + settings.refresh_token_ttl,
                })
                .await?;
            Some(token.expose().to_string())
        }
    };
    let event = match grant.grant {
        Issuance::Grant(GrantType::RefreshToken) => Event::TokenRefreshed,
        _ => Event::TokenIssued,
    };
    ctx.record(
        Entry::new(event)
            .user(&grant.user.id)
            .client(grant.client_id)
            .with("grant_type", grant.grant.as_str())
            .with("scope", scope.as_str())
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
    Ok(TokenResponse {
        access_token: access.token,
        token_type: "Bearer",
        expires_in: settings.access_token_ttl,
        refresh_token,
        scope,
        id_token,
    })
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
