//! `/api/account/grants`: the signed-in user's connected apps.

use std::collections::BTreeMap;

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::ApiTags;
use super::admin::Deleted;
use super::auth::AccountUser;
use super::error::ErrorResponse;
use crate::domain::consents::{self, Grant};
use crate::state::SharedState;

/// An app the user granted access to.
#[derive(Object)]
pub struct ConnectedApp {
    pub client_id: String,
    pub client_name: String,
    /// The scopes granted.
    pub scopes: Vec<String>,
    /// The level chosen per levelled scope, e.g. `{"profile": "full"}`.
    pub policies: BTreeMap<String, String>,
    /// When the grant was first given (seconds since the epoch).
    pub granted_at: i64,
}

impl From<Grant> for ConnectedApp {
    fn from(g: Grant) -> Self {
        Self {
            scopes: g.scope.iter().map(str::to_string).collect(),
            client_id: g.client_id,
            client_name: g.client_name,
            policies: g.policies,
            granted_at: g.granted_at,
        }
    }
}

#[derive(Default)]
pub struct GrantsApi;

#[OpenApi(tag = "ApiTags::Account")]
impl GrantsApi {
    /// Connected apps
    ///
    /// The clients the user granted access to, with the scopes and levels.
    #[oai(
        path = "/api/account/grants",
        method = "get",
        operation_id = "account_grants_list"
    )]
    async fn list(
        &self,
        state: Data<&SharedState>,
        me: AccountUser,
    ) -> Result<Json<Vec<ConnectedApp>>, ErrorResponse> {
        let me = me.0;
        let grants = consents::list(&state.store, &me.user.id).await?;
        Ok(Json(grants.into_iter().map(ConnectedApp::from).collect()))
    }

    /// Revoke a connected app
    ///
    /// Forgets the grant and revokes the app's refresh tokens for the user;
    /// the app has to ask again.
    #[oai(
        path = "/api/account/grants/:client_id",
        method = "delete",
        operation_id = "account_grants_revoke"
    )]
    async fn revoke(
        &self,
        state: Data<&SharedState>,
        me: AccountUser,
        client_id: Path<String>,
    ) -> Result<Deleted, ErrorResponse> {
        let me = me.0;
        consents::revoke(&state.store, &me.ctx, &me.user.id, &client_id).await?;
        Ok(Deleted::Deleted)
    }
}
