//! RFC 6749 §4.4: the client acts on its own behalf.

use super::super::error::OAuthError;
use super::super::issue::{Issuance, TokenResponse, count_issued};
use super::super::tokens::{TokenSubject, mint_access};
use super::requested_scope;
use crate::domain::audit::{Entry, Event};
use crate::domain::scopes::{ADMIN_SCOPE, ScopeSet};
use crate::domain::{Context, GrantType};
use crate::state::AppState;
use crate::storage::ClientRecord;

/// RFC 6749 §4.4.2: confidential clients only; §4.4.3: no refresh token.
/// A client is no user, so it never holds `admin`.
pub async fn grant(
    state: &AppState,
    ctx: &Context,
    client: &ClientRecord,
    scope: Option<&str>,
) -> Result<TokenResponse, OAuthError> {
    if !client.is_confidential() {
        return Err(OAuthError::unauthorized_client(
            "client_credentials needs a confidential client",
        ));
    }
    let allowed = ScopeSet::from_stored(&client.scope).without(ADMIN_SCOPE);
    let scope = requested_scope(scope, &allowed)?;
    let policies = state.scopes.default_policies(&scope);
    let settings = &state.settings;
    let access = mint_access(
        &state.keys,
        settings.issuer.as_str(),
        TokenSubject {
            sub: &client.id,
            client_id: &client.id,
            roles: vec![],
            auth_time: None,
        },
        scope.to_string(),
        policies.clone(),
        ctx.now,
        settings.access_token_ttl,
    )?;
    ctx.record(
        Entry::new(Event::TokenIssued)
            .client(&client.id)
            .with("grant_type", GrantType::ClientCredentials.as_str())
            .with("scope", scope.to_string())
            .with(
                "policies",
                serde_json::to_value(&policies).unwrap_or_default(),
            ),
    )
    .await;
    count_issued(Issuance::Grant(GrantType::ClientCredentials));
    Ok(TokenResponse {
        access_token: access.token,
        token_type: "Bearer",
        expires_in: settings.access_token_ttl,
        refresh_token: None,
        scope: scope.to_string(),
        id_token: None,
    })
}
