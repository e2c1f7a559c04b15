//! Discovery documents and the JWKS.

use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};
use serde_json::Value;

use super::ApiTags;
use crate::oauth::discovery::metadata;
use crate::state::{AppState, SharedState};

#[derive(ApiResponse)]
pub enum CachedJson {
    /// Public, cacheable for a minute.
    #[oai(status = 200)]
    Ok(Json<Value>, #[oai(header = "Cache-Control")] String),
}

fn cached(v: Value) -> CachedJson {
    CachedJson::Ok(Json(v), "public, max-age=60".into())
}

#[derive(Default)]
pub struct DiscoveryApi;

fn document(state: &AppState) -> Value {
    let alg = state.keys.current().alg.as_str();
    metadata(&state.settings.issuer, &state.scopes, &[alg])
}

#[OpenApi(tag = "ApiTags::Discovery")]
impl DiscoveryApi {
    /// OpenID Provider metadata
    ///
    /// OpenID Connect Discovery 1.0 §4.
    #[oai(
        path = "/.well-known/openid-configuration",
        method = "get",
        operation_id = "openid_configuration"
    )]
    async fn openid_configuration(&self, state: Data<&SharedState>) -> CachedJson {
        cached(document(&state))
    }

    /// Authorization server metadata
    ///
    /// RFC 8414 §3.
    #[oai(
        path = "/.well-known/oauth-authorization-server",
        method = "get",
        operation_id = "oauth_authorization_server"
    )]
    async fn oauth_authorization_server(&self, state: Data<&SharedState>) -> CachedJson {
        cached(document(&state))
    }

    /// JSON Web Key Set
    ///
    /// The public keys that verify tokens: the current one and those
    /// retired while tokens they signed may still be valid.
    #[oai(path = "/.well-known/jwks.json", method = "get", operation_id = "jwks")]
    async fn jwks(&self, state: Data<&SharedState>) -> CachedJson {
        cached(state.keys.jwks(state.now()))
    }
}
