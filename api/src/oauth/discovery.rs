//! Authorization server metadata: OIDC Discovery 1.0 §3 and RFC 8414 §2.
//! Only what is implemented is listed, so a client never tries a feature
//! the server does not have.

use serde_json::{Value, json};

use crate::config::Issuer;
use crate::domain::GrantType;
use crate::domain::scopes::ScopeCatalogue;

pub const CLIENT_AUTH_METHODS: [&str; 3] = ["client_secret_basic", "client_secret_post", "none"];

pub fn metadata(issuer: &Issuer, scopes: &ScopeCatalogue, signing_algs: &[&str]) -> Value {
    json!({
        "issuer": issuer.as_str(),
        "authorization_endpoint": issuer.url("/oauth2/authorize"),
        "token_endpoint": issuer.url("/oauth2/token"),
        "end_session_endpoint": issuer.url("/oauth2/logout"),
        "jwks_uri": issuer.url("/.well-known/jwks.json"),
        "userinfo_endpoint": issuer.url("/oauth2/userinfo"),
        "revocation_endpoint": issuer.url("/oauth2/revoke"),
        "introspection_endpoint": issuer.url("/oauth2/introspect"),
        "scopes_supported": scopes.all().iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": true,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "prompt_values_supported": ["none", "login", "consent"],
        "acr_values_supported": ["1", "2"],
        "grant_types_supported": GrantType::ALL.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
        "token_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "revocation_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": signing_algs,
        "claims_supported": [
            "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "azp", "sid",
            "acr", "amr",
            "preferred_username", "name", "given_name", "family_name", "updated_at",
            "email", "email_verified", "roles"
        ],
        "service_documentation": issuer.url("/docs"),
    })
}
