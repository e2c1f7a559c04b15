//! `POST /oauth2/revoke` (RFC 7009) and `POST /oauth2/introspect` (RFC 7662).

use std::collections::BTreeMap;

use poem::Request;
use poem::web::Data;
use poem_openapi::payload::Form;
use poem_openapi::{Object, OpenApi};
use serde::Deserialize;

use super::ApiTags;
use super::auth::{ClientAuth, IntrospectionAuth, presented_credentials, request_context};
use super::error::{ErrorResponse, OAuthResponse};
use crate::domain::service_keys::authenticate_service_key;
use crate::oauth::client_auth::authenticate_client;
use crate::oauth::error::OAuthError;
use crate::oauth::introspect::{Introspection, Introspector, introspect};
use crate::oauth::revoke::revoke;
use crate::state::{AppState, SharedState};

#[derive(Object, Deserialize)]
pub struct TokenParam {
    /// The token to revoke or describe.
    #[oai(write_only)]
    pub token: Option<String>,
    /// `access_token` or `refresh_token`; a hint only.
    pub token_type_hint: Option<String>,
    pub client_id: Option<String>,
    #[oai(write_only)]
    pub client_secret: Option<String>,
}

/// RFC 7009 §2.2: the body of a successful revocation is empty JSON; the
/// client only looks at the status.
#[derive(Object, Default)]
pub struct Revoked {}

/// RFC 7662 §2.2.
#[derive(Object, Default)]
#[oai(skip_serializing_if_is_none)]
pub struct IntrospectionBody {
    pub active: bool,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub username: Option<String>,
    pub token_type: Option<String>,
    pub exp: Option<i64>,
    pub iat: Option<i64>,
    pub sub: Option<String>,
    pub aud: Option<String>,
    pub iss: Option<String>,
    pub jti: Option<String>,
    pub roles: Option<Vec<String>>,
    /// The level chosen per scope, e.g. `{"profile": "basic"}`.
    pub policies: Option<BTreeMap<String, String>>,
}

impl From<Introspection> for IntrospectionBody {
    fn from(i: Introspection) -> Self {
        Self {
            active: i.active,
            scope: i.scope,
            client_id: i.client_id,
            username: i.username,
            token_type: i.token_type.map(str::to_string),
            exp: i.exp,
            iat: i.iat,
            sub: i.sub,
            aud: i.aud,
            iss: i.iss,
            jti: i.jti,
            roles: i.roles,
            policies: i.policies,
        }
    }
}

#[derive(Default)]
pub struct RevocationApi;

#[OpenApi(tag = "ApiTags::OAuth")]
impl RevocationApi {
    /// Revoke a token
    ///
    /// RFC 7009. An access token stops working at once everywhere; a
    /// refresh token is revoked with its whole family. Unknown tokens answer
    /// 200 as well; a token of another client is refused.
    #[oai(path = "/oauth2/revoke", method = "post", operation_id = "revoke")]
    async fn revoke(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        _auth: ClientAuth,
        form: Form<TokenParam>,
    ) -> OAuthResponse<Revoked> {
        let form = form.0;
        let ctx = request_context(req, &state);
        let creds = presented_credentials(req, form.client_id, form.client_secret);
        let client = match authenticate_client(&state.store, &state.hasher, &ctx, creds).await {
            Ok(c) => c.client,
            Err(e) => return e.into(),
        };
        let Some(token) = form.token.filter(|t| !t.is_empty()) else {
            return OAuthError::invalid_request("token is required").into();
        };
        revoke(&state, &ctx, &client.id, &token)
            .await
            .map(|()| Revoked {})
            .into()
    }

    /// Introspect a token
    ///
    /// RFC 7662. The caller, a resource server, authenticates as a
    /// confidential client (Basic or body) or with `X-Service-Key`, and may
    /// introspect any token this server issued.
    #[oai(
        path = "/oauth2/introspect",
        method = "post",
        operation_id = "introspect"
    )]
    async fn introspect(
        &self,
        state: Data<&SharedState>,
        req: &Request,
        auth: IntrospectionAuth,
        form: Form<TokenParam>,
    ) -> OAuthResponse<IntrospectionBody> {
        let form = form.0;
        let caller = match caller(&state, req, &auth, form.client_id, form.client_secret).await {
            Ok(c) => c,
            Err(e) => return e.into(),
        };
        let Some(token) = form.token.filter(|t| !t.is_empty()) else {
            return OAuthError::invalid_request("token is required").into();
        };
        match introspect(&state, &caller, &token).await {
            Ok(i) => Ok(IntrospectionBody::from(i)).into(),
            Err(e) => OAuthError::from(e).into(),
        }
    }
}

async fn caller(
    state: &AppState,
    req: &Request,
    auth: &IntrospectionAuth,
    client_id: Option<String>,
    client_secret: Option<String>,
) -> Result<Introspector, ErrorResponse> {
    if let IntrospectionAuth::Key(key) = auth {
        let key = authenticate_service_key(&state.store, Some(key.0.key.as_str())).await?;
        return Ok(Introspector::service_key(key));
    }
    let creds = presented_credentials(req, client_id, client_secret);
    let ctx = request_context(req, state);
    let client = authenticate_client(&state.store, &state.hasher, &ctx, creds)
        .await?
        .client;
    Ok(Introspector::client(client)?)
}
