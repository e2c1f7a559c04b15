//! Unknown paths, wrong methods and repeated parameters.

use reqwest::Method;
use reqwest::header::CONTENT_TYPE;

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn a_repeated_form_parameter_at_the_token_endpoint_is_invalid_request() {
    let app = spawn_app().await;
    let repeated = [
        "grant_type=password&grant_type=client_credentials&username=alice&password=alicepass",
        "grant_type=password&username=alice&username=admin&password=alicepass",
        "grant_type=password&username=alice&password=alicepass&password=adminpass",
        "grant_type=client_credentials&scope=openid&scope=roles",
        "grant_type=client_credentials&client_id=demo-client&client_id=demo-client&client_secret=demo-client-secret",
    ];
    for form in repeated {
        let mut req = app
            .http
            .post(app.url("/oauth2/token"))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !form.contains("client_id") {
            req = req.basic_auth(DEMO_CLIENT, Some(DEMO_SECRET));
        }
        let r = req.body(form).send().await.unwrap();
        let (status, b) = assert_json_4xx(r, form).await;
        assert_eq!(
            (status, b["error"].as_str()),
            (400, Some("invalid_request")),
            "{form}: {b}"
        );
        assert!(b.get("access_token").is_none());
    }
    assert_alice_intact(&app).await;
}

#[tokio::test]
async fn unknown_paths_under_api_and_oauth2_are_404_json() {
    let app = spawn_app().await;
    let admin = app.access_token("admin").await;
    for path in [
        "/api",
        "/api/",
        "/api/nope",
        "/api/nope/",
        "/api/admin/nope",
        "/api/profile/extra",
        "/oauth2/nope",
        "/oauth2/",
        "/.well-known/",
        "/.well-known/nope",
    ] {
        for method in [Method::GET, Method::POST] {
            let r = app
                .http
                .request(method.clone(), app.url(path))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap();
            let (status, b) = assert_json_4xx(r, &format!("{method} {path}")).await;
            assert_eq!(
                (status, b["error"].as_str()),
                (404, Some("not_found")),
                "{method} {path}: {b}"
            );
        }
    }
    let r = app
        .get_bearer("/api/admin/users/no-such-user", &admin)
        .await;
    assert_error(r, 404, "not_found").await;
}

#[tokio::test]
async fn a_wrong_method_is_405_json() {
    let app = spawn_app().await;
    let alice = app.access_token("alice").await;
    for (method, path) in [
        (Method::GET, "/oauth2/token"),
        (Method::PUT, "/oauth2/revoke"),
        (Method::GET, "/oauth2/introspect"),
        (Method::DELETE, "/oauth2/userinfo"),
        (Method::GET, "/api/token/password/"),
        (Method::GET, "/api/token/refresh"),
        (Method::DELETE, "/api/profile/"),
        (Method::POST, "/api/roles"),
        (Method::GET, "/api/logout/"),
        (Method::PUT, "/api/admin/users"),
        (Method::POST, "/.well-known/jwks.json"),
    ] {
        let r = app
            .http
            .request(method.clone(), app.url(path))
            .bearer_auth(&alice)
            .send()
            .await
            .unwrap();
        let (status, b) = assert_json_4xx(r, &format!("{method} {path}")).await;
        assert_eq!(
            (status, b["error"].as_str()),
            (405, Some("method_not_allowed")),
            "{method} {path}: {b}"
        );
    }
    assert_alice_intact(&app).await;
}
