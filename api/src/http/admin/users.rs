//! `/api/admin/users`.

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;

use auth_api_types::{AdminUser, NewUser, UserChange};

use super::super::ApiTags;
use super::super::auth::SignedInAdmin;
use super::super::error::ErrorResponse;
use super::{Created, Deleted};
use crate::domain::ApiError;
use crate::domain::users::{ChangeUser, CreateUser, change_user, create_user, delete_user};
use crate::password::Password;
use crate::state::SharedState;
use crate::storage::UserRecord;

impl From<UserRecord> for AdminUser {
    fn from(u: UserRecord) -> Self {
        Self {
            id: u.id,
            username: u.username,
            email: u.email,
            email_verified: u.email_verified,
            first_name: u.first_name,
            last_name: u.last_name,
            roles: u.roles,
            disabled: u.disabled,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

#[derive(Default)]
pub struct AdminUsersApi;

#[OpenApi(tag = "ApiTags::Admin")]
impl AdminUsersApi {
    /// List users
    ///
    /// Ordered by username.
    #[oai(
        path = "/api/admin/users",
        method = "get",
        operation_id = "admin_users_list"
    )]
    async fn list(
        &self,
        state: Data<&SharedState>,
        _admin: SignedInAdmin,
        /// At most this many (1 to 500, default 100).
        limit: Query<Option<i64>>,
        /// Skip this many.
        offset: Query<Option<i64>>,
    ) -> Result<Json<Vec<AdminUser>>, ErrorResponse> {
        let limit = limit.0.unwrap_or(100);
        let offset = offset.0.unwrap_or(0);
        if !(1..=500).contains(&limit) || offset < 0 {
            return Err(
                ApiError::invalid_request("limit must be 1 to 500 and offset 0 or more").into(),
            );
        }
        let users = state.store.list_users(limit, offset).await?;
        Ok(Json(users.into_iter().map(AdminUser::from).collect()))
    }

    /// Create a user
    ///
    /// A taken username is 409 `conflict`.
    #[oai(
        path = "/api/admin/users",
        method = "post",
        operation_id = "admin_users_create"
    )]
    async fn create(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        body: Json<NewUser>,
    ) -> Result<Created<AdminUser>, ErrorResponse> {
        let b = body.0;
        let user = create_user(
            &state.store,
            &state.hasher,
            &admin.0.ctx,
            CreateUser {
                username: b.username,
                email: b.email,
                email_verified: b.email_verified,
                password: Password::new(b.password),
                first_name: b.first_name,
                last_name: b.last_name,
                roles: b.roles,
            },
        )
        .await?;
        Ok(Created::Created(Json(user.into())))
    }

    /// Get a user
    #[oai(
        path = "/api/admin/users/:id",
        method = "get",
        operation_id = "admin_users_get"
    )]
    async fn get(
        &self,
        state: Data<&SharedState>,
        _admin: SignedInAdmin,
        id: Path<String>,
    ) -> Result<Json<AdminUser>, ErrorResponse> {
        let user = state
            .store
            .find_user(&id)
            .await?
            .ok_or_else(|| ApiError::not_found("no such user"))?;
        Ok(Json(user.into()))
    }

    /// Change a user
    #[oai(
        path = "/api/admin/users/:id",
        method = "patch",
        operation_id = "admin_users_update"
    )]
    async fn update(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        id: Path<String>,
        body: Json<UserChange>,
    ) -> Result<Json<AdminUser>, ErrorResponse> {
        let b = body.0;
        let change = ChangeUser {
            email: b.email,
            first_name: b.first_name,
            last_name: b.last_name,
            password: b.password.map(Password::new),
            disabled: b.disabled,
            roles: b.roles,
            email_verified: b.email_verified,
        };
        let user = change_user(&state.store, &state.hasher, &admin.0.ctx, &id, change).await?;
        Ok(Json(user.into()))
    }

    /// Delete a user
    ///
    /// Their refresh tokens go with them; their access tokens stop working.
    #[oai(
        path = "/api/admin/users/:id",
        method = "delete",
        operation_id = "admin_users_delete"
    )]
    async fn delete(
        &self,
        state: Data<&SharedState>,
        admin: SignedInAdmin,
        id: Path<String>,
    ) -> Result<Deleted, ErrorResponse> {
        delete_user(&state.store, &admin.0.ctx, &id).await?;
        Ok(Deleted::Deleted)
    }
}
