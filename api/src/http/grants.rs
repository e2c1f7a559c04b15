//! `/api/account/grants`: the signed-in user's connected apps.

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;

use auth_api_types::ConnectedApp;

use super::ApiTags;
use super::admin::Deleted;
use super::auth::AccountUser;
use super::error::ErrorResponse;
use crate::domain::consents::{self, Grant};
use crate::state::SharedState;

fn connected_app(g: Grant) -> ConnectedApp {
    ConnectedApp {
        scopes: g.scope.iter().map(str::to_string).collect(),
        client_id: g.client_id,
        client_name: g.client_name,
        policies: g.policies,
        granted_at: g.granted_at,
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
        Ok(Json(grants.into_iter().map(connected_app).collect()))
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
