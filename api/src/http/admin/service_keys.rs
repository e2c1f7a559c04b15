//! `/api/admin/service-keys`.

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::super::ApiTags;
use super::super::auth::SignedInAdmin;
use super::super::error::ErrorResponse;
use super::{Created, Deleted};
use crate::domain::service_keys::{create_service_key, revoke_service_key};
use crate::state::SharedState;
use crate::storage::ServiceKeyRecord;

#[derive(Object)]
pub struct ServiceKeyView {
    pub id: String,
    pub name: String,
    pub scope: String,
    pub created_at: i64,
    #[oai(skip_serializing_if_is_none)]
    pub revoked_at: Option<i64>,
}

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

#[derive(Object)]
pub struct NewServiceKey {
    pub name: String,
    /// Default `openid profile email roles`.
    pub scope: Option<String>,
}

/// The key, shown this once.
#[derive(Object)]
pub struct CreatedKey {
    pub id: String,
    pub name: String,
    pub scope: String,
    pub key: String,
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
