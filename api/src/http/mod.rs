//! HTTP: poem-openapi endpoints that parse the request, call one function
//! below and map its result; the route table and middleware.

mod account;
mod admin;
mod auth;
mod authenticator;
mod authorize;
pub mod client_ip;
mod cookies;
mod cors;
mod discovery;
mod django_compat;
pub mod error;
mod form_body;
mod grants;
pub mod hangup;
mod integrator;
mod interaction;
mod middleware;
mod one_time_codes;
mod ops;
mod revocation;
mod spa;
mod token;
mod userinfo;

use std::sync::Arc;

use poem::endpoint::BoxEndpoint;
use poem::{Endpoint, EndpointExt, Request, Response, Route};
use poem_openapi::{OpenApiService, Tags};

use crate::state::SharedState;
pub use spa::BUILD_HINT;

/// The tags group operations in Swagger UI, and generated clients make
/// module names of them (`auth_server_client.api.integrator`): hence plain
/// lowercase words.
#[derive(Tags)]
#[oai(rename_all = "lowercase")]
pub enum ApiTags {
    /// OAuth 2.0 and OpenID Connect endpoints.
    #[oai(rename = "oauth2")]
    OAuth,
    /// Discovery documents and keys.
    Discovery,
    /// Django-compatible endpoints for integrators holding an `X-Service-Key`.
    Integrator,
    /// The login and consent steps a login UI drives for an authorization
    /// request.
    Interaction,
    /// The signed-in user's own account.
    Account,
    /// Administration, for users with role `admin`.
    Admin,
    /// Health, readiness and metrics.
    Operations,
}

type Apis = (
    (
        token::TokenApi,
        authorize::AuthorizeApi,
        revocation::RevocationApi,
        userinfo::UserInfoApi,
        discovery::DiscoveryApi,
    ),
    (
        integrator::IntegratorApi,
        one_time_codes::OneTimeCodeApi,
        interaction::InteractionApi,
        account::AccountApi,
        grants::GrantsApi,
        authenticator::AuthenticatorApi,
    ),
    (
        admin::clients::AdminClientsApi,
        admin::users::AdminUsersApi,
        admin::service_keys::AdminServiceKeysApi,
        admin::roles::AdminRolesApi,
        admin::audit::AdminAuditApi,
    ),
    ops::OpsApi,
);

/// The OpenAPI service: every documented endpoint. It needs no state to be
/// built, so the document can be generated without a database.
pub fn api_service() -> OpenApiService<Apis, ()> {
    // Every API is a unit struct (state comes in as request data), so the
    // whole tuple is its Default.
    let apis = Apis::default();
    OpenApiService::new(apis, "auth-server", env!("CARGO_PKG_VERSION")).description(
        "OAuth 2.0 / OpenID Connect authorization server. Errors of /api and /oauth2 are \
         JSON `{\"error\", \"error_description\"}`; both `/api/x` and `/api/x/` work.",
    )
}

/// The OpenAPI document as committed in `openapi/openapi.json`.
pub fn openapi_json() -> String {
    api_service().spec()
}

/// The whole application: API, docs, SPA, and the middleware around them.
pub fn app(state: SharedState, hangups: hangup::Hangups) -> impl Endpoint<Output = Response> {
    let service = api_service();
    let docs = service.swagger_ui();
    let spec = service.spec_endpoint();
    let max_body = state.settings.max_body_bytes;
    let cors_state = state.clone();
    let api = service
        .data(state.clone())
        .around(middleware::json_errors)
        .around(move |ep, req| middleware::body_limit(ep, req, max_body))
        .around(move |ep, req| cors::cors(ep, req, cors_state.clone()))
        .around(middleware::trailing_slash)
        .map_to_response()
        .boxed();
    let site = Route::new()
        .at("/openapi.json", spec)
        .nest("/docs", docs)
        .nest("/", spa::spa(&state.settings.web_dist))
        .map_to_response()
        .boxed();
    let trusted = Arc::new(state.settings.trusted_proxies.clone());
    let compat = state.settings.django_compat_routes;
    // The DOT paths are rewritten inside `observe` (so the access log shows
    // the path as sent, metrics the route it reached) and before
    // everything that decides by path.
    Split { api, site }
        .around(middleware::security_headers)
        .around(move |ep, req| django_compat::rewrite(ep, req, compat))
        .around(move |ep, req| hangup::watch(ep, req, hangups.clone()))
        .around(move |ep, req| middleware::observe(ep, req, trusted.clone()))
        .map_to_response()
}

/// API paths go straight to the OpenAPI service (so its route templates
/// are the ones metrics see); everything else to docs and the SPA.
struct Split {
    api: BoxEndpoint<'static, Response>,
    site: BoxEndpoint<'static, Response>,
}

impl Endpoint for Split {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        if middleware::is_api_path(req.uri().path()) {
            self.api.call(req).await
        } else {
            self.site.call(req).await
        }
    }
}
