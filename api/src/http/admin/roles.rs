//! `/api/admin/roles`.

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;

use auth_api_types::{NewRole, Role, RoleChange};

use super::super::ApiTags;
use super::super::auth::SignedInAdmin;
use super::super::error::ErrorResponse;
use super::{Created, Deleted};
use crate::domain::roles::{change_role, create_role, delete_role};
use crate::state::SharedState;
use crate::storage::RoleRecord;

impl From<RoleRecord> for Role {
    fn from(r: RoleRecord) -> Self {
        Self {
            name: r.name,
            description: r.description,
            created_at: r.created_at,
        }
    }
}

#[derive(Default)]
pub struct AdminRolesApi;

#[OpenApi(tag = "ApiTags::Admin")]
impl AdminRolesApi {
    /// List roles
    #[oai(
        path = "/api/admin/roles",
        method = "get",
        operation_id = "admin_roles_list"
    )]
    async fn list(
        &self,
        state: Data<&SharedState>,
        _admin: SignedInAdmin,
    ) -> Result<Json<Vec<Role>>, ErrorResponse> {
        Ok(Json(
            state
                .store
                .list_roles()
                .await?
                .into_iter()
                .map(Role::from)
                .collect(),
        ))
    }

    /// Create a role
    #[oai(
        path = "/api/admin/roles",
        method = "post",
        operation_id = "admin_roles_create"
    )]
    async fn create(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        body: Json<NewRole>,
    ) -> Result<Created<Role>, ErrorResponse> {
        let role = create_role(&state.store, &admin.0.ctx, &body.name, &body.description).await?;
        Ok(Created::Created(Json(role.into())))
    }

    /// Change a role's description
    #[oai(
        path = "/api/admin/roles/:name",
        method = "patch",
        operation_id = "admin_roles_update"
    )]
    async fn update(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        name: Path<String>,
        body: Json<RoleChange>,
    ) -> Result<Json<Role>, ErrorResponse> {
        let role = change_role(&state.store, &admin.0.ctx, &name, &body.description).await?;
        Ok(Json(role.into()))
    }

    /// Delete a role
    ///
    /// Users lose the role. `admin` cannot be deleted.
    #[oai(
        path = "/api/admin/roles/:name",
        method = "delete",
        operation_id = "admin_roles_delete"
    )]
    async fn delete(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        name: Path<String>,
    ) -> Result<Deleted, ErrorResponse> {
        delete_role(&state.store, &admin.0.ctx, &name).await?;
        Ok(Deleted::Deleted)
    }
}
