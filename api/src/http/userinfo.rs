//! `GET/POST /oauth2/userinfo` (OIDC Core §5.3).

use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::ApiTags;
use super::auth::SignedInUser;
use super::error::ErrorResponse;
use crate::oauth::userinfo::{UserClaims, claims_for};

/// The claims the token's scopes release.
#[derive(Object)]
#[oai(skip_serializing_if_is_none)]
pub struct UserInfoBody {
    /// The user's stable id.
    pub sub: String,
    pub preferred_username: Option<String>,
    pub name: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub updated_at: Option<i64>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub roles: Option<Vec<String>>,
}

impl From<UserClaims> for UserInfoBody {
    fn from(c: UserClaims) -> Self {
        Self {
            sub: c.sub,
            preferred_username: c.preferred_username,
            name: c.name,
            given_name: c.given_name,
            family_name: c.family_name,
            updated_at: c.updated_at,
            email: c.email,
            email_verified: c.email_verified,
            roles: c.roles,
        }
    }
}

/// The claims for a bearer token of a user; `need_openid` for the OIDC
/// endpoint, where a token without `openid` is not an OIDC token.
pub fn userinfo(me: SignedInUser, need_openid: bool) -> Result<Json<UserInfoBody>, ErrorResponse> {
    if need_openid {
        me.token.require_scope(&["openid"], "UserInfo")?;
    }
    let scope = me.token.scope();
    Ok(Json(
        claims_for(&me.user, &scope, &me.token.claims.policies).into(),
    ))
}

#[derive(Default)]
pub struct UserInfoApi;

#[OpenApi(tag = "ApiTags::OAuth")]
impl UserInfoApi {
    /// UserInfo
    ///
    /// Claims about the signed-in user, by the token's scopes and policy
    /// levels. The token goes in the `Authorization` header only.
    #[oai(path = "/oauth2/userinfo", method = "get", operation_id = "userinfo")]
    async fn get(&self, me: SignedInUser) -> Result<Json<UserInfoBody>, ErrorResponse> {
        userinfo(me, true)
    }

    /// UserInfo (POST)
    #[oai(
        path = "/oauth2/userinfo",
        method = "post",
        operation_id = "userinfo_post"
    )]
    async fn post(&self, me: SignedInUser) -> Result<Json<UserInfoBody>, ErrorResponse> {
        userinfo(me, true)
    }
}
