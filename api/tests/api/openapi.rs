//! The OpenAPI document: the committed copy is the code's, the served one
//! too, and every operation says how callers authenticate.

use serde_json::Value;

use crate::helpers::*;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");

/// Operations anyone may call, without credentials.
const PUBLIC: [&str; 14] = [
    "/api/request-otp",
    "/oauth2/authorize",
    "/oauth2/logout",
    "/api/interaction/{id}",
    "/api/interaction/{id}/login",
    "/api/interaction/{id}/otp",
    "/api/interaction/{id}/consent",
    "/api/interaction/{id}/deny",
    "/.well-known/openid-configuration",
    "/.well-known/oauth-authorization-server",
    "/.well-known/jwks.json",
    "/healthz",
    "/readyz",
    "/metrics",
];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn committed() -> Value {
    let text = std::fs::read_to_string(COMMITTED)
        .expect("openapi/openapi.json exists: run `just openapi`");
    serde_json::from_str(&text).expect("openapi/openapi.json is JSON")
}

#[test]
fn the_committed_openapi_document_is_the_one_the_code_generates() {
    let generated: Value =
        serde_json::from_str(&auth_server::http::openapi_json()).expect("generated JSON");
    assert!(
        generated == committed(),
        "openapi/openapi.json is out of date with the code: run `just openapi` and commit the result"
    );
}

#[tokio::test]
async fn the_served_openapi_json_is_the_committed_document() {
    let app = spawn_app().await;
    let r = app.http.get(app.url("/openapi.json")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let served: Value = r.json().await.unwrap();
    assert!(
        served == committed(),
        "the served /openapi.json differs from openapi/openapi.json: run `just openapi` and commit the result"
    );
}

#[test]
fn every_operation_names_its_credentials_unless_it_is_public() {
    let doc = committed();
    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("security schemes");
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().unwrap() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            checked += 1;
            let named: Vec<&String> = op["security"]
                .as_array()
                .map(|reqs| {
                    reqs.iter()
                        .filter_map(Value::as_object)
                        .flat_map(|r| r.keys())
                        .collect()
                })
                .unwrap_or_default();
            if PUBLIC.contains(&path.as_str()) {
                assert!(
                    named.is_empty(),
                    "{method} {path} is public but asks for {named:?}"
                );
                continue;
            }
            assert!(
                !named.is_empty(),
                "{} {path} has no security requirement",
                method.to_uppercase()
            );
            for scheme in named {
                assert!(
                    schemes.contains_key(scheme),
                    "{method} {path} names an undeclared scheme {scheme}"
                );
            }
        }
    }
    assert!(checked >= 30, "only {checked} operations found");
    for path in PUBLIC {
        let item = &doc["paths"][path];
        assert!(
            item["get"].is_object() || item["post"].is_object(),
            "{path} is documented"
        );
    }
}

#[test]
fn the_three_security_schemes_are_declared() {
    let doc = committed();
    let s = &doc["components"]["securitySchemes"];
    assert_eq!(s["BearerToken"]["type"], "http");
    assert_eq!(s["BearerToken"]["scheme"], "bearer");
    assert_eq!(s["ServiceKey"]["type"], "apiKey");
    assert_eq!(s["ServiceKey"]["in"], "header");
    assert_eq!(s["ServiceKey"]["name"], "X-Service-Key");
    assert_eq!(s["ClientBasic"]["type"], "http");
    assert_eq!(s["ClientBasic"]["scheme"], "basic");
    // And each is used where the contract says.
    let uses = |path: &str, method: &str, scheme: &str| {
        doc["paths"][path][method]["security"]
            .as_array()
            .is_some_and(|reqs| reqs.iter().any(|r| r.get(scheme).is_some()))
    };
    assert!(uses("/oauth2/token", "post", "ClientBasic"));
    assert!(
        uses("/oauth2/introspect", "post", "ClientBasic")
            && uses("/oauth2/introspect", "post", "ServiceKey")
    );
    assert!(uses("/api/token/password", "post", "ServiceKey"));
    assert!(uses("/api/profile", "get", "BearerToken"));
    assert!(uses("/api/admin/users", "post", "BearerToken"));
}
