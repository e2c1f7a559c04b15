//! Authorization codes (RFC 6749 §4.1.2): 256 random bits, stored by
//! SHA-256, valid `AUTH_CODE_TTL`, bound to the client, the redirect URI,
//! the PKCE challenge, the nonce and how the user signed in.

use super::error::OAuthError;
use super::redirect::code_response;
use crate::domain::Context;
use crate::domain::scopes::{Policies, ScopeSet};
use crate::secrets::PlainSecret;
use crate::state::AppState;
use crate::storage::{ClientRecord, CodeRecord, UserRecord};

/// What a code stands for.
pub struct CodeGrant<'a> {
    pub client: &'a ClientRecord,
    pub redirect_uri: &'a str,
    pub state: Option<&'a str>,
    pub nonce: Option<&'a str>,
    pub code_challenge: Option<&'a str>,
    pub user: &'a UserRecord,
    pub scope: ScopeSet,
    pub policies: Policies,
    pub auth_time: i64,
    /// RFC 8176 methods, space-separated.
    pub amr: &'a str,
    pub sid: Option<&'a str>,
}

/// Stores a new code and answers the redirect that carries it.
pub async fn issue_code(
    state: &AppState,
    ctx: &Context,
    g: &CodeGrant<'_>,
) -> Result<String, OAuthError> {
    let code = PlainSecret::generate("ac_");
    state
        .store
        .insert_code(&CodeRecord {
            code_hash: code.hash().as_str().to_string(),
            client_id: g.client.id.clone(),
            user_id: g.user.id.clone(),
            redirect_uri: g.redirect_uri.to_string(),
            scope: g.scope.to_string(),
            policies: serde_json::to_string(&g.policies).unwrap_or_else(|_| "{}".into()),
            nonce: g.nonce.map(str::to_string),
            code_challenge: g.code_challenge.map(str::to_string),
            auth_time: g.auth_time,
            amr: g.amr.to_string(),
            sid: g.sid.map(str::to_string),
            created_at: ctx.now,
            expires_at: ctx.now + state.settings.auth_code_ttl,
            used_at: None,
            family_id: None,
            access_jti: None,
            access_expires_at: None,
        })
        .await?;
    Ok(code_response(
        g.redirect_uri,
        code.expose(),
        g.state,
        state.settings.issuer.as_str(),
    ))
}
