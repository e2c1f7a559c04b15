//! The ways callers authenticate, as OpenAPI security schemes, and the
//! extractors that check them before anything else of the request is read.
//!
//! poem-openapi extracts an operation's parameters in order, so an
//! extractor listed before the body that refuses the caller answers 401
//! (or 403) before the body is parsed: a caller with no key and a broken
//! body learns nothing of the schema. Each extractor also carries the
//! [`Context`] of the request on behalf of whom it authenticated.

use poem::{IntoResponse, Request, RequestBody};
use poem_openapi::auth::{ApiKey, Basic, Bearer};
use poem_openapi::registry::Registry;
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions, SecurityScheme};

use super::client_ip::ClientIp;
use super::error::ErrorResponse;
use crate::domain::service_keys::authenticate_service_key;
use crate::domain::{Actor, ApiError, Context};
use crate::oauth::bearer::{ActiveToken, AdminRefusal, authorize_admin, require_bearer};
use crate::oauth::client_auth::{PresentedCredentials, parse_basic};
use crate::oauth::error::OAuthError;
use crate::state::{AppState, SharedState};
use crate::storage::{ServiceKeyRecord, UserRecord};

/// An access token of this server, as `Authorization: Bearer …` (RFC 6750
/// §2.1; never in the body or the query).
// Only the OpenAPI document reads this; the extractors read the header.
#[allow(dead_code)]
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "JWT")]
pub struct BearerToken(pub Bearer);

/// An integrator's service key (`auth-server create-service-key`). Tokens
/// issued through it carry at most its scope.
#[derive(SecurityScheme)]
#[oai(ty = "api_key", key_name = "X-Service-Key", key_in = "header")]
pub struct ServiceKey(pub ApiKey);

/// A client's id and secret, `client_secret_basic` (RFC 6749 §2.3.1).
/// `client_secret_post` and public clients send `client_id` in the body.
//
// Only the OpenAPI document reads this: the header itself is parsed by
// `presented_credentials`, because RFC 6749 form-encodes the id and
// secret inside it and a malformed header must be `invalid_client`.
#[allow(dead_code)]
#[derive(SecurityScheme)]
#[oai(ty = "basic")]
pub struct ClientBasic(pub Basic);

#[allow(dead_code)]
#[derive(SecurityScheme)]
pub enum ClientAuth {
    Basic(ClientBasic),
    #[oai(fallback)]
    InBody,
}

/// Introspection accepts a client or a service key.
#[allow(dead_code)]
#[derive(SecurityScheme)]
pub enum IntrospectionAuth {
    Basic(ClientBasic),
    Key(ServiceKey),
    #[oai(fallback)]
    InBody,
}

/// The request's context before anyone is authenticated: its client
/// address (`TRUSTED_PROXIES` honoured, set by the `observe` middleware),
/// its user agent, and now.
pub fn request_context(req: &Request, state: &AppState) -> Context {
    let ip = req
        .extensions()
        .get::<ClientIp>()
        .map(|c| c.0)
        .or_else(|| req.remote_addr().as_socket_addr().map(|a| a.ip()));
    let user_agent = req
        .headers()
        .get(poem::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(300).collect());
    Context {
        actor: Actor::Anonymous,
        ip,
        user_agent,
        now: state.now(),
        audit: state.audit.clone(),
    }
}

fn state_of(req: &Request) -> Result<&SharedState, ErrorResponse> {
    req.data::<SharedState>().ok_or_else(|| {
        tracing::error!("application state missing from the request");
        ApiError::Internal.into()
    })
}

fn bearer_token(req: &Request) -> Option<String> {
    let value = req
        .headers()
        .get(poem::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// Implements [`ApiExtractor`] for `$name`: documented as the security
/// scheme `$scheme`, produced by `$check`, whose refusal is the response.
macro_rules! checked_before_body {
    ($name:ty, $scheme:ty, $check:path) => {
        impl<'a> ApiExtractor<'a> for $name {
            const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
            type ParamType = ();
            type ParamRawType = ();

            fn register(registry: &mut Registry) {
                <$scheme as ApiExtractor>::register(registry);
            }

            fn security_schemes() -> Vec<&'static str> {
                <$scheme as ApiExtractor>::security_schemes()
            }

            async fn from_request(
                req: &'a Request,
                _body: &mut RequestBody,
                _opts: ExtractParamOptions<()>,
            ) -> poem::Result<Self> {
                $check(req)
                    .await
                    .map_err(|e| poem::Error::from_response(e.into_response()))
            }
        }
    };
}

/// An integrator holding an active `X-Service-Key`.
pub struct ServiceCaller {
    pub key: ServiceKeyRecord,
    pub ctx: Context,
}

async fn service_caller(req: &Request) -> Result<ServiceCaller, ErrorResponse> {
    let state = state_of(req)?;
    let presented = req
        .headers()
        .get("x-service-key")
        .and_then(|v| v.to_str().ok());
    let key = authenticate_service_key(&state.store, presented).await?;
    let ctx = request_context(req, state).as_actor(Actor::ServiceKey(key.id.clone()));
    Ok(ServiceCaller { key, ctx })
}
checked_before_body!(ServiceCaller, ServiceKey, service_caller);

/// A signed-in user: an active access token of a user (not of a client
/// acting for itself), and the user as stored now.
pub struct SignedInUser {
    pub token: ActiveToken,
    pub user: UserRecord,
    pub ctx: Context,
}

async fn signed_in_user(req: &Request) -> Result<SignedInUser, ErrorResponse> {
    let state = state_of(req)?;
    let token = require_bearer(state, bearer_token(req).as_deref()).await?;
    let no_user = || OAuthError::invalid_token("this endpoint needs a user's access token");
    let id = token.user_id().ok_or_else(no_user)?;
    // The token check saw the user active a moment ago; a user deleted in
    // between is simply gone.
    let user = state.store.find_user(id).await?.ok_or_else(no_user)?;
    let ctx = request_context(req, state).as_actor(Actor::User(user.id.clone()));
    Ok(SignedInUser { token, user, ctx })
}
checked_before_body!(SignedInUser, BearerToken, signed_in_user);

/// A signed-in user whose token was granted `account` ("Manage your
/// account"): the account API. Without that scope, 403
/// `insufficient_scope` before the body is read.
pub struct AccountUser(pub SignedInUser);

async fn account_user(req: &Request) -> Result<AccountUser, ErrorResponse> {
    let me = signed_in_user(req).await?;
    me.token.require_scope(&["account"], "the account API")?;
    Ok(AccountUser(me))
}
checked_before_body!(AccountUser, BearerToken, account_user);

/// A user whose role `admin` is current in the database, with a token
/// granted the `admin` scope.
pub struct SignedInAdmin(pub SignedInUser);

async fn signed_in_admin(req: &Request) -> Result<SignedInAdmin, ErrorResponse> {
    let me = signed_in_user(req).await?;
    match authorize_admin(&me.token) {
        Ok(()) => Ok(SignedInAdmin(me)),
        Err(AdminRefusal::NotAUser) => {
            Err(OAuthError::invalid_token("this endpoint needs a user's access token").into())
        }
        Err(AdminRefusal::NotAnAdmin) => {
            tracing::warn!(user = %me.user.id, "admin API refused: not an admin");
            Err(ApiError::forbidden("this needs the admin role").into())
        }
        Err(AdminRefusal::MissingScope(e)) => {
            tracing::warn!(user = %me.user.id, "admin API refused: token without the admin scope");
            Err(e.into())
        }
    }
}
checked_before_body!(SignedInAdmin, BearerToken, signed_in_admin);

/// Client credentials as presented: the Basic header (parsed by us, since
/// RFC 6749 form-encodes id and secret inside it) and the body fields.
pub fn presented_credentials(
    req: &Request,
    body_id: Option<String>,
    body_secret: Option<String>,
) -> PresentedCredentials {
    let header = req
        .headers()
        .get(poem::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let (basic, malformed_header) = match header {
        None => (None, false),
        Some(h) => match parse_basic(h) {
            Some(creds) => (Some(creds), false),
            None => (None, true),
        },
    };
    PresentedCredentials {
        basic,
        body_id: body_id.filter(|s| !s.is_empty()),
        body_secret: body_secret.filter(|s| !s.is_empty()),
        malformed_header,
    }
}
