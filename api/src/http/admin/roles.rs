//! `/api/admin/roles`.

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::super::ApiTags;
use super::super::auth::BearerAuth;
use super::super::error::ErrorResponse;
use super::{Created, Deleted};
use crate::domain::ApiError;
use crate::state::SharedState;
use crate::storage::RoleRecord;

#[derive(Object)]
pub struct Role {
    pub name: String,
    pub description: String,
    pub created_at: i64,
}

impl From<RoleRecord> for Role {
    fn from(r: RoleRecord) -> Self {
        Self {
            name: r.name,
            description: r.description,
            created_at: r.created_at,
        }
    }
}

#[derive(Object)]
pub struct NewRole {
    /// 1 to 64 of a-z 0-9 - _ : .
    pub name: String,
    #[oai(default)]
    pub description: String,
}

#[derive(Object)]
pub struct RoleChange {
    pub description: String,
}

fn validate_role_name(name: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_:.".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_request(
            "role name must be 1 to 64 of a-z 0-9 - _ : .",
        ))
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
        auth: BearerAuth,
    ) -> Result<Json<Vec<Role>>, ErrorResponse> {
        auth.admin(&state).await?;
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
        auth: BearerAuth,
        body: Json<NewRole>,
    ) -> Result<Created<Role>, ErrorResponse> {
        auth.admin(&state).await?;
        validate_role_name(&body.name)?;
        if body.description.chars().count() > 500 || body.description.contains('\0') {
            return Err(ApiError::invalid_request(
                "description must be at most 500 characters, without NUL",
            )
            .into());
        }
        let now = state.now();
        state
            .store
            .insert_role(&body.name, &body.description, now)
            .await?;
        Ok(Created::Created(Json(Role {
            name: body.0.name,
            description: body.0.description,
            created_at: now,
        })))
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
        auth: BearerAuth,
        name: Path<String>,
        body: Json<RoleChange>,
    ) -> Result<Json<Role>, ErrorResponse> {
        auth.admin(&state).await?;
        if body.description.chars().count() > 500 || body.description.contains('\0') {
            return Err(ApiError::invalid_request(
                "description must be at most 500 characters, without NUL",
            )
            .into());
        }
        if !state.store.update_role(&name, &body.description).await? {
            return Err(ApiError::not_found("no such role").into());
        }
        let role = state
            .store
            .list_roles()
            .await?
            .into_iter()
            .find(|r| r.name == *name);
        role.map(|r| Json(r.into()))
            .ok_or_else(|| ApiError::not_found("no such role").into())
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
        auth: BearerAuth,
        name: Path<String>,
    ) -> Result<Deleted, ErrorResponse> {
        auth.admin(&state).await?;
        if name.0 == "admin" {
            return Err(ApiError::invalid_request("the admin role cannot be deleted").into());
        }
        if !state.store.delete_role(&name).await? {
            return Err(ApiError::not_found("no such role").into());
        }
        Ok(Deleted::Deleted)
    }
}
