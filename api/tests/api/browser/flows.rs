//! The authorization-code flow through the SPA, as a user does it: a test
//! relying party sends the browser to `/oauth2/authorize`; the SPA signs the
//! user in (one-time code when due), asks for consent, and the browser
//! lands back at the relying party with a code whose tokens carry the
//! choices. Then the account and admin pages, signed in through the SPA's
//! own `web` client.
//!
//! These need the interaction API and the `web` client of issue 11; they
//! are ignored until it is merged. Run them with
//! `cargo test -p auth-server --test api browser -- --include-ignored`.

use serde_json::json;

use super::harness::{Browser, Role, skipped, spawn_spa};
use super::rp::Rp;
use crate::authenticator;
use crate::helpers::{TestApp, assert_error, jwt_claims};

/// Username and password on the SPA's login screen.
async fn sign_in(b: &Browser, username: &str, password: &str) {
    b.fill("Username", username).await;
    b.fill("Password", password).await;
    b.press("Sign in").await;
}

/// The browser's way from a relying party to the code, with consent given
/// as it is preselected.
async fn allow(b: &Browser) {
    b.named(Role::Button, "Allow").await;
    b.press("Allow").await;
}

async fn grants(app: &TestApp, username: &str) -> serde_json::Value {
    let token = app.access_token(username).await;
    app.get_bearer("/api/account/grants", &token)
        .await
        .json()
        .await
        .expect("grants JSON")
}

#[tokio::test]
async fn an_enrolled_user_signs_in_with_a_code_and_grants_a_full_profile_without_email() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let (secret, _) = authenticator::enable(&app, "alice").await;
    let rp = Rp::register(&app, "Photo Printer").await;
    let b = Browser::start(&app.base).await;

    b.goto(&rp.authorize_url(&app, "openid profile email"))
        .await;
    b.wait_url(&app.url("/login?interaction=")).await;
    b.wait_text("Photo Printer").await;
    b.screenshot("login").await;
    b.dark(true).await;
    b.screenshot("login-dark").await;
    b.dark(false).await;
    sign_in(&b, "alice", "alicepass").await;
    b.fill("One-time code", &authenticator::code(&secret, app.now()))
        .await;
    b.screenshot("login-one-time-code").await;
    b.press("Sign in").await;

    b.wait_url(&app.url("/consent?interaction=")).await;
    b.wait_text("Photo Printer wants to access your account")
        .await;
    let openid = b.named(Role::Checkbox, "openid").await;
    assert!(
        openid.is_selected().await.unwrap() && !openid.is_enabled().await.unwrap(),
        "openid is fixed"
    );
    b.named(Role::Combobox, "profile level")
        .await
        .select_by_value("full")
        .await
        .unwrap();
    b.click(Role::Checkbox, "email").await;
    assert!(
        !b.named(Role::Checkbox, "email")
            .await
            .is_selected()
            .await
            .unwrap()
    );
    b.screenshot("consent").await;
    b.dark(true).await;
    b.screenshot("consent-dark").await;
    b.dark(false).await;
    b.press("Allow").await;

    let landed = b.wait_url(&rp.redirect_uri).await;
    let q = rp.answer(&app, &landed);
    let tokens = rp.exchange(&app, &q["code"]).await;
    let mut scope: Vec<&str> = tokens["scope"].as_str().unwrap().split(' ').collect();
    scope.sort();
    assert_eq!(scope, ["openid", "profile"], "email was unticked");
    let claims = jwt_claims(tokens["access_token"].as_str().unwrap());
    assert_eq!(claims["policies"], json!({"profile": "full"}));
    assert_eq!(
        jwt_claims(tokens["id_token"].as_str().unwrap())["nonce"],
        "n-0S6_WzA2Mj"
    );
    b.close().await;
}

#[tokio::test]
async fn denying_consent_sends_the_user_back_with_access_denied() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let rp = Rp::register(&app, "Nosy App").await;
    let b = Browser::start(&app.base).await;
    b.goto(&rp.authorize_url(&app, "openid email")).await;
    sign_in(&b, "alice", "alicepass").await;
    b.named(Role::Button, "Deny").await;
    b.press("Deny").await;
    let landed = b.wait_url(&rp.redirect_uri).await;
    let q = rp.answer(&app, &landed);
    assert_eq!(q.get("error").map(String::as_str), Some("access_denied"));
    assert!(!q.contains_key("code"));
    assert_eq!(
        grants(&app, "alice").await,
        json!([]),
        "nothing was granted"
    );
    b.close().await;
}

#[tokio::test]
async fn a_wrong_password_is_shown_to_the_user() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let rp = Rp::register(&app, "Photo Printer").await;
    let b = Browser::start(&app.base).await;
    b.goto(&rp.authorize_url(&app, "openid")).await;
    sign_in(&b, "alice", "not-her-password").await;
    b.wait_text("Wrong username or password.").await;
    assert_eq!(
        b.focused().await,
        "Password",
        "focus is back in the password field"
    );
    b.screenshot("login-wrong-password").await;
    // The same form still works.
    b.fill("Password", "alicepass").await;
    b.press("Sign in").await;
    b.wait_url(&app.url("/consent?interaction=")).await;
    b.close().await;
}

#[tokio::test]
async fn a_remembered_consent_skips_the_screen() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let rp = Rp::register(&app, "Photo Printer").await;
    let b = Browser::start(&app.base).await;
    b.goto(&rp.authorize_url(&app, "openid profile")).await;
    sign_in(&b, "alice", "alicepass").await;
    allow(&b).await;
    let first = b.wait_url(&rp.redirect_uri).await;
    rp.answer(&app, &first);

    // Same browser session, same scopes: straight back with a code.
    b.goto(&rp.authorize_url(&app, "openid profile")).await;
    let again = b.wait_url(&rp.redirect_uri).await;
    let q = rp.answer(&app, &again);
    assert!(q.contains_key("code"), "{again}");
    let tokens = rp.exchange(&app, &q["code"]).await;
    assert!(tokens["scope"].as_str().unwrap().contains("profile"));
    b.close().await;
}

#[tokio::test]
async fn the_account_page_enrolls_an_authenticator_and_revokes_a_connected_app() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let rp = Rp::register(&app, "Photo Printer").await;
    let b = Browser::start(&app.base).await;
    b.goto(&rp.authorize_url(&app, "openid profile")).await;
    sign_in(&b, "alice", "alicepass").await;
    allow(&b).await;
    b.wait_url(&rp.redirect_uri).await;

    // The browser session signs the SPA in silently.
    b.goto("/account").await;
    b.named(Role::Heading, "Your account").await;
    b.named(Role::Textbox, "Email").await;
    b.named(Role::Textbox, "First name").await;
    b.named(Role::Textbox, "Last name").await;
    b.named(Role::Button, "Save").await;
    b.wait_text("Photo Printer").await;
    b.screenshot("account").await;

    b.fill("First name", "Alicia").await;
    b.press("Save").await;
    b.wait_text("Your profile is saved.").await;
    assert_eq!(
        app.sql_texts("SELECT first_name FROM users WHERE username = 'alice'")
            .await[0]
            .as_deref(),
        Some("Alicia")
    );

    b.press("Set up authenticator app").await;
    b.named(Role::Img, "QR code for your authenticator app")
        .await;
    let uri = b
        .named(Role::Textbox, "Setup link")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    let secret = b
        .named(Role::Textbox, "Authenticator secret")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    b.screenshot("account-authenticator").await;
    b.fill("One-time code", &authenticator::code(&secret, app.now()))
        .await;
    b.press("Verify").await;
    b.wait_text("Your authenticator app is on").await;
    // Password logins now need its code.
    let r = authenticator::grant(&app, "alice", "alicepass", None).await;
    assert_error(r, 400, "otp_required").await;

    let photo_printer_grants = "SELECT COUNT(*) FROM consents c JOIN clients k ON k.id = c.client_id \
         WHERE k.name = 'Photo Printer'";
    assert_eq!(app.sql_scalar(photo_printer_grants).await, 1);
    b.press("Revoke Photo Printer").await;
    b.wait_text("Photo Printer no longer has access to your account.")
        .await;
    assert_eq!(app.sql_scalar(photo_printer_grants).await, 0);
    assert!(
        b.all_named(Role::Button, "Revoke Photo Printer")
            .await
            .is_empty()
    );
    b.close().await;
}

#[tokio::test]
async fn an_admin_creates_a_client_in_admin_that_then_completes_a_flow() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let b = Browser::start(&app.base).await;
    b.goto("/admin").await;
    b.wait_url(&app.url("/login?interaction=")).await;
    sign_in(&b, "admin", "adminpass").await;
    b.named(Role::Heading, "Clients").await;
    b.screenshot("admin").await;

    b.press("New client").await;
    b.fill("Name", "Shop").await;
    b.named(Role::Combobox, "Type")
        .await
        .select_by_value("confidential")
        .await
        .unwrap();
    assert!(
        b.named(Role::Checkbox, "authorization_code")
            .await
            .is_selected()
            .await
            .unwrap()
    );
    b.fill("Redirect URIs", &app.url("/rp/callback")).await;
    b.screenshot("admin-new-client").await;
    b.press("Create client").await;
    let client_id = b
        .named(Role::Textbox, "Client ID")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    let secret = b
        .named(Role::Textbox, "Client secret")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    b.wait_text("never shown again").await;

    for tab in ["Users", "Service keys", "Audit log"] {
        b.click(Role::Link, tab).await;
        b.named(Role::Heading, tab).await;
        b.screenshot(&format!("admin-{}", tab.to_lowercase().replace(' ', "-")))
            .await;
    }

    let rp = Rp::existing(&app, &client_id, &secret);
    b.goto(&rp.authorize_url(&app, "openid profile")).await;
    b.wait_text("Shop wants to access your account").await;
    allow(&b).await;
    let landed = b.wait_url(&rp.redirect_uri).await;
    let q = rp.answer(&app, &landed);
    let tokens = rp.exchange(&app, &q["code"]).await;
    assert_eq!(
        jwt_claims(tokens["access_token"].as_str().unwrap())["client_id"],
        client_id.as_str()
    );
    b.close().await;
}

#[tokio::test]
async fn a_non_admin_is_kept_out_of_admin() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let b = Browser::start(&app.base).await;
    b.goto("/admin").await;
    sign_in(&b, "alice", "alicepass").await;
    b.named(Role::Heading, "Not allowed").await;
    b.wait_text("The admin area is for administrators.").await;
    assert!(b.all_named(Role::Button, "New client").await.is_empty());
    b.screenshot("admin-not-allowed").await;
    b.close().await;
}
