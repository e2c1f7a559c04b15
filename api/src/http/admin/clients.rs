//! `/api/admin/clients`.

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;

use auth_api_types::{ClientChange, ClientView, CreatedClient, NewClient, NewSecret};

use super::super::ApiTags;
use super::super::auth::SignedInAdmin;
use super::super::error::ErrorResponse;
use super::{Created, Deleted};
use crate::domain::ApiError;
use crate::domain::clients::{
    ClientChange as Change, ClientRegistration, change_client, delete_client, register_client,
    rotate_client_secret,
};
use crate::state::SharedState;
use crate::storage::ClientRecord;

impl From<ClientRecord> for ClientView {
    fn from(c: ClientRecord) -> Self {
        Self {
            client_id: c.id,
            name: c.name,
            client_type: c.client_type.as_str().to_string(),
            grant_types: c
                .grant_types
                .iter()
                .map(|g| g.as_str().to_string())
                .collect(),
            redirect_uris: c.redirect_uris,
            post_logout_redirect_uris: c.post_logout_redirect_uris,
            allowed_origins: c.allowed_origins,
            scope: c.scope,
            skip_consent: c.skip_consent,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Default)]
pub struct AdminClientsApi;

#[OpenApi(tag = "ApiTags::Admin")]
impl AdminClientsApi {
    /// List clients
    #[oai(
        path = "/api/admin/clients",
        method = "get",
        operation_id = "admin_clients_list"
    )]
    async fn list(
        &self,
        state: Data<&SharedState>,
        _admin: SignedInAdmin,
    ) -> Result<Json<Vec<ClientView>>, ErrorResponse> {
        Ok(Json(
            state
                .store
                .list_clients()
                .await?
                .into_iter()
                .map(ClientView::from)
                .collect(),
        ))
    }

    /// Register a client
    #[oai(
        path = "/api/admin/clients",
        method = "post",
        operation_id = "admin_clients_create"
    )]
    async fn create(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        body: Json<NewClient>,
    ) -> Result<Created<CreatedClient>, ErrorResponse> {
        let b = body.0;
        let reg = ClientRegistration {
            id: None,
            name: b.name,
            client_type: b.client_type,
            grant_types: b.grant_types,
            redirect_uris: b.redirect_uris,
            post_logout_redirect_uris: b.post_logout_redirect_uris,
            allowed_origins: b.allowed_origins,
            scope: b.scope,
            skip_consent: b.skip_consent,
        };
        let made = register_client(&state.store, &admin.0.ctx, reg).await?;
        Ok(Created::Created(Json(CreatedClient {
            client: made.client.into(),
            client_secret: made.secret.map(|s| s.expose().to_string()),
        })))
    }

    /// Get a client
    #[oai(
        path = "/api/admin/clients/:client_id",
        method = "get",
        operation_id = "admin_clients_get"
    )]
    async fn get(
        &self,
        state: Data<&SharedState>,
        _admin: SignedInAdmin,
        client_id: Path<String>,
    ) -> Result<Json<ClientView>, ErrorResponse> {
        let c = state
            .store
            .find_client(&client_id)
            .await?
            .ok_or_else(|| ApiError::not_found("no such client"))?;
        Ok(Json(c.into()))
    }

    /// Change a client
    #[oai(
        path = "/api/admin/clients/:client_id",
        method = "patch",
        operation_id = "admin_clients_update"
    )]
    async fn update(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        client_id: Path<String>,
        body: Json<ClientChange>,
    ) -> Result<Json<ClientView>, ErrorResponse> {
        let b = body.0;
        let change = Change {
            name: b.name,
            grant_types: b.grant_types,
            redirect_uris: b.redirect_uris,
            post_logout_redirect_uris: b.post_logout_redirect_uris,
            allowed_origins: b.allowed_origins,
            scope: b.scope,
            skip_consent: b.skip_consent,
        };
        let client = change_client(&state.store, &admin.0.ctx, &client_id, change).await?;
        Ok(Json(client.into()))
    }

    /// Issue a new client secret
    ///
    /// The old secret stops working; the new one is shown this once.
    #[oai(
        path = "/api/admin/clients/:client_id/secret",
        method = "post",
        operation_id = "admin_clients_rotate_secret"
    )]
    async fn rotate_secret(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        client_id: Path<String>,
    ) -> Result<Json<NewSecret>, ErrorResponse> {
        let s = rotate_client_secret(&state.store, &admin.0.ctx, &client_id).await?;
        Ok(Json(NewSecret {
            client_secret: s.expose().to_string(),
        }))
    }

    /// Delete a client
    ///
    /// Its refresh tokens go with it.
    #[oai(
        path = "/api/admin/clients/:client_id",
        method = "delete",
        operation_id = "admin_clients_delete"
    )]
    async fn delete(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        client_id: Path<String>,
    ) -> Result<Deleted, ErrorResponse> {
        delete_client(&state.store, &admin.0.ctx, &client_id).await?;
        Ok(Deleted::Deleted)
    }
}
