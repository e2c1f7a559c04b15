//! `/api/admin/service-keys`.

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;

use auth_api_types::{CreatedKey, NewServiceKey, ServiceKeyView};

use super::super::ApiTags;
use super::super::auth::SignedInAdmin;
use super::super::error::ErrorResponse;
use super::{Created, Deleted};
use crate::domain::service_keys::{create_service_key, revoke_service_key};
use crate::state::SharedState;
use crate::storage::ServiceKeyRecord;

impl From<ServiceKeyRecord> for ServiceKeyView {
    fn from(k: ServiceKeyRecord) -> Self {
        Self {
            id: k.id,
            name: k.name,
            scope: k.scope,
            created_at: k.created_at,
            revoked_at: k.revoked_at,
        }
    }
}

#[derive(Default)]
pub struct AdminServiceKeysApi;

#[OpenApi(tag = "ApiTags::Admin")]
impl AdminServiceKeysApi {
    /// List service keys
    #[oai(
        path = "/api/admin/service-keys",
        method = "get",
        operation_id = "admin_service_keys_list"
    )]
    async fn list(
        &self,
        state: Data<&SharedState>,
        _admin: SignedInAdmin,
    ) -> Result<Json<Vec<ServiceKeyView>>, ErrorResponse> {
        let keys = state.store.list_service_keys().await?;
        Ok(Json(keys.into_iter().map(ServiceKeyView::from).collect()))
    }

    /// Create a service key
    ///
    /// The key is in this response only; it is stored hashed.
    #[oai(
        path = "/api/admin/service-keys",
        method = "post",
        operation_id = "admin_service_keys_create"
    )]
    async fn create(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        body: Json<NewServiceKey>,
    ) -> Result<Created<CreatedKey>, ErrorResponse> {
        let made = create_service_key(
            &state.store,
            &admin.0.ctx,
            &body.name,
            body.scope.as_deref(),
        )
        .await?;
        Ok(Created::Created(Json(CreatedKey {
            id: made.record.id,
            name: made.record.name,
            scope: made.record.scope,
            key: made.key.expose().to_string(),
        })))
    }

    /// Revoke a service key
    ///
    /// The key stops working at once, with the refresh tokens issued
    /// through it.
    #[oai(
        path = "/api/admin/service-keys/:id",
        method = "delete",
        operation_id = "admin_service_keys_revoke"
    )]
    async fn revoke(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        id: Path<String>,
    ) -> Result<Deleted, ErrorResponse> {
        revoke_service_key(&state.store, &admin.0.ctx, &id).await?;
        Ok(Deleted::Deleted)
    }
}
