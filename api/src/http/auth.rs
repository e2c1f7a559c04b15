//! The three ways callers authenticate, as OpenAPI security schemes, and
//! the checks behind them.
//!
//! A missing credential always reaches the handler, which answers the
//! contract's error (`invalid_service_key`, `invalid_token`,
//! `invalid_client`) instead of poem's generic 401: bearer and service-key
//! endpoints through `required_scheme!`, client endpoints (where a public
//! client legitimately sends no header) through a fallback variant.

use poem::{Request, RequestBody};
use poem_openapi::auth::{ApiKey, Basic, Bearer};
use poem_openapi::registry::Registry;
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions, SecurityScheme};

use super::error::ErrorResponse;
use crate::domain::ApiError;
use crate::domain::service_keys::authenticate_service_key;
use crate::oauth::bearer::{ActiveToken, require_bearer};
use crate::oauth::client_auth::{PresentedCredentials, parse_basic};
use crate::state::AppState;
use crate::storage::{ServiceKeyRecord, UserRecord};

/// An access token from this server (RFC 6750 §2.1, header only). Only
/// the OpenAPI document reads this; [`BearerAuth`] reads the header.
#[allow(dead_code)]
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "JWT")]
pub struct BearerToken(pub Bearer);

/// An integrator's service key.
#[derive(SecurityScheme)]
#[oai(ty = "api_key", key_name = "X-Service-Key", key_in = "header")]
pub struct ServiceKey(pub ApiKey);

/// Documents a required security scheme `S` while handing the raw
/// credential, or its absence, to the handler: poem-openapi's own
/// extractor would answer a missing one with a generic 401 before the
/// handler could give the contract's error code.
macro_rules! required_scheme {
    ($name:ident, $scheme:ty, $read:expr) => {
        pub struct $name(Option<String>);

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
                let read: fn(&Request) -> Option<String> = $read;
                Ok(Self(read(req)))
            }
        }
    };
}

required_scheme!(BearerAuth, BearerToken, |req| {
    let value = req
        .headers()
        .get(poem::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
});

required_scheme!(ServiceKeyAuth, ServiceKey, |req| {
    req.headers()
        .get("x-service-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
});

impl BearerAuth {
    pub fn token(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl ServiceKeyAuth {
    /// The active key, or 401 `invalid_service_key`.
    pub async fn check(&self, state: &AppState) -> Result<ServiceKeyRecord, ErrorResponse> {
        Ok(authenticate_service_key(&state.store, self.0.as_deref()).await?)
    }
}

/// A client's id and secret, `client_secret_basic` (RFC 6749 §2.3.1).
/// `client_secret_post` and public clients send `client_id` in the body.
///
/// Only the OpenAPI document reads this: the header itself is parsed by
/// [`presented_credentials`], because RFC 6749 form-encodes the id and
/// secret inside it and a malformed header must be `invalid_client`.
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

/// An active token of a user (not of a client acting for itself).
pub struct SignedInUser {
    pub token: ActiveToken,
    pub user: UserRecord,
}

impl BearerAuth {
    /// The active token and its user, or 401 `invalid_token`.
    pub async fn user(&self, state: &AppState) -> Result<SignedInUser, ErrorResponse> {
        let token = require_bearer(state, self.token()).await?;
        let no_user = || ApiError::invalid_token("this endpoint needs a user's access token");
        let id = token.user_id().ok_or_else(no_user)?;
        // The token check saw the user active a moment ago; a user deleted
        // in between is simply gone.
        let user = state.store.find_user(id).await?.ok_or_else(no_user)?;
        Ok(SignedInUser { token, user })
    }

    /// As [`BearerAuth::user`], for a user with role `admin` (as stored
    /// now, not as the token remembers).
    pub async fn admin(&self, state: &AppState) -> Result<SignedInUser, ErrorResponse> {
        let me = self.user(state).await?;
        if !me.user.roles.iter().any(|r| r == "admin") {
            return Err(ApiError::forbidden("this needs the admin role").into());
        }
        Ok(me)
    }
}
