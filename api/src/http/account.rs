//! The signed-in user's own endpoints: profile, userinfo, logout, roles.

use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{ApiRequest, Object, OpenApi};

use auth_api_types::{Profile, ProfileChange};

use super::ApiTags;
use super::auth::SignedInUser;
use super::error::ErrorResponse;
use super::form_body::FormBody;
use super::userinfo::{UserInfoBody, userinfo};
use crate::domain::scopes::ADMIN_ROLE;
use crate::domain::users::{ChangeUser, update_profile};
use crate::oauth::logout::logout;
use crate::state::{AppState, SharedState};
use crate::storage::UserRecord;

fn profile(u: UserRecord) -> Profile {
    Profile {
        username: u.username,
        email: u.email,
        first_name: u.first_name,
        last_name: u.last_name,
        roles: u.roles,
    }
}

#[derive(ApiRequest)]
pub enum ProfileChangeRequest {
    Json(Json<ProfileChange>),
    Form(FormBody<ProfileChange>),
}

/// `GET /api/roles`: the caller's roles, and every role for an admin.
//
// Named `RolesView` in the document: a schema whose name is one of its
// fields (`Roles.roles`) makes openapi-python-client reuse that name for
// two variables in `from_dict`, which mypy rejects.
#[derive(Object)]
#[oai(rename = "RolesView")]
pub struct Roles {
    /// The caller's roles.
    pub roles: Vec<String>,
    /// Every role, for admins only.
    #[oai(skip_serializing_if_is_none)]
    pub all: Option<Vec<String>>,
}

#[derive(Object)]
pub struct LoggedOut {
    /// Refresh tokens revoked with the access token.
    pub revoked_refresh_tokens: u64,
}

#[derive(Default)]
pub struct AccountApi;

/// A profile change needs a token granted `profile` or `account`: a token
/// issued for reading claims cannot rewrite them.
async fn change(
    state: &AppState,
    me: SignedInUser,
    body: ProfileChangeRequest,
) -> Result<Json<Profile>, ErrorResponse> {
    me.token
        .require_scope(&["profile", "account"], "changing the profile")?;
    let (ProfileChangeRequest::Json(Json(b)) | ProfileChangeRequest::Form(FormBody(b))) = body;
    let change = ChangeUser {
        email: b.email,
        first_name: b.first_name,
        last_name: b.last_name,
        ..ChangeUser::default()
    };
    let user = update_profile(
        &state.store,
        &state.hasher,
        &me.ctx,
        &me.user,
        b.username.as_deref(),
        change,
    )
    .await?;
    Ok(Json(profile(user)))
}

#[OpenApi(tag = "ApiTags::Account")]
impl AccountApi {
    /// Own profile
    #[oai(path = "/api/profile", method = "get", operation_id = "profile_get")]
    async fn profile(&self, me: SignedInUser) -> Result<Json<Profile>, ErrorResponse> {
        Ok(Json(profile(me.user)))
    }

    /// Update own profile
    ///
    /// Fields sent are updated, others unchanged (PUT and PATCH alike).
    #[oai(path = "/api/profile", method = "put", operation_id = "profile_put")]
    async fn profile_put(
        &self,
        state: Data<&SharedState>,
        me: SignedInUser,
        body: ProfileChangeRequest,
    ) -> Result<Json<Profile>, ErrorResponse> {
        change(&state, me, body).await
    }

    /// Update own profile (PATCH)
    #[oai(
        path = "/api/profile",
        method = "patch",
        operation_id = "profile_patch"
    )]
    async fn profile_patch(
        &self,
        state: Data<&SharedState>,
        me: SignedInUser,
        body: ProfileChangeRequest,
    ) -> Result<Json<Profile>, ErrorResponse> {
        change(&state, me, body).await
    }

    /// Own claims
    ///
    /// The claims of `/oauth2/userinfo`, for any access token of a user.
    #[oai(path = "/api/userinfo", method = "get", operation_id = "api_userinfo")]
    async fn userinfo(&self, me: SignedInUser) -> Result<Json<UserInfoBody>, ErrorResponse> {
        userinfo(me, false)
    }

    /// Log out
    ///
    /// Revokes the presented access token (inactive everywhere at once) and
    /// the caller's refresh tokens of the same client.
    #[oai(path = "/api/logout", method = "post", operation_id = "logout")]
    async fn logout(
        &self,
        state: Data<&SharedState>,
        me: SignedInUser,
    ) -> Result<Json<LoggedOut>, ErrorResponse> {
        let revoked = logout(&state, &me.ctx, &me.token).await?;
        Ok(Json(LoggedOut {
            revoked_refresh_tokens: revoked,
        }))
    }

    /// Roles
    ///
    /// The caller's roles; for an admin also every role.
    #[oai(path = "/api/roles", method = "get", operation_id = "roles")]
    async fn roles(
        &self,
        state: Data<&SharedState>,
        me: SignedInUser,
    ) -> Result<Json<Roles>, ErrorResponse> {
        let all = if me.user.roles.iter().any(|r| r == ADMIN_ROLE) {
            Some(
                state
                    .store
                    .list_roles()
                    .await?
                    .into_iter()
                    .map(|r| r.name)
                    .collect(),
            )
        } else {
            None
        };
        Ok(Json(Roles {
            roles: me.user.roles,
            all,
        }))
    }
}
