//! Screens that need no signed-in user: the login form by its accessible
//! names (and the expired-request message for an unknown interaction),
//! keyboard use, the error and signed-out pages, how the SPA is served,
//! and how fast the login screen is usable.

use super::harness::{Browser, ENTER, Role, TAB, skipped, spawn_spa};

const EXPIRED: &str = "This sign-in request has expired. Go back to the app and start again.";

#[tokio::test]
async fn the_login_screen_has_its_fields_by_name_and_says_when_the_request_has_expired() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let b = Browser::start(&app.base).await;
    b.goto("/login?interaction=made-up").await;
    b.named(Role::Textbox, "Username").await;
    b.named(Role::Textbox, "Password").await;
    b.named(Role::Button, "Sign in").await;
    b.wait_text(EXPIRED).await;
    b.screenshot("login-expired").await;
    // Trying anyway says the same.
    b.fill("Username", "alice").await;
    b.fill("Password", "alicepass").await;
    b.press("Sign in").await;
    b.wait_text(EXPIRED).await;
    assert_eq!(b.client.title().await.unwrap(), "Sign in · auth-server");
    b.close().await;
}

#[tokio::test]
async fn the_login_form_works_from_the_keyboard_with_a_visible_focus_ring() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let b = Browser::start(&app.base).await;
    b.goto("/login?interaction=made-up").await;
    b.named(Role::Textbox, "Username").await;
    assert_eq!(b.focused().await, "Username", "the first field has focus");
    b.keys("alice").await;
    b.keys(TAB).await;
    assert_eq!(b.focused().await, "Password");
    b.keys("alicepass").await;
    b.keys(TAB).await;
    assert_eq!(b.focused().await, "Sign in");
    let outline = b
        .client
        .execute(
            "return getComputedStyle(document.activeElement).outlineStyle",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(
        outline.as_str(),
        Some("none"),
        "the focused button shows a ring"
    );
    b.screenshot("login-keyboard-focus").await;
    // Enter in a field submits the form.
    b.click(Role::Textbox, "Password").await;
    b.keys(ENTER).await;
    b.wait_text(EXPIRED).await;
    b.close().await;
}

#[tokio::test]
async fn the_error_page_says_what_went_wrong_in_words() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let b = Browser::start(&app.base).await;
    b.goto("/error?error=invalid_client&error_description=unknown%20client_id")
        .await;
    b.named(Role::Heading, "This app is not allowed to sign you in")
        .await;
    b.wait_text("not registered with this server").await;
    b.named(Role::Link, "Go to your account").await;
    b.screenshot("error").await;
    b.goto("/error?error=something_new").await;
    b.named(Role::Heading, "Something went wrong").await;
    b.close().await;
}

#[tokio::test]
async fn the_login_page_without_a_request_says_the_user_is_signed_out() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let b = Browser::start(&app.base).await;
    b.goto("/login").await;
    b.named(Role::Heading, "You are signed out").await;
    let link = b.named(Role::Link, "Go to your account").await;
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some("/account")
    );
    b.goto("/no/such/page").await;
    b.named(Role::Heading, "Page not found").await;
    b.close().await;
}

#[tokio::test]
async fn the_login_screen_is_usable_within_a_second_of_a_cold_load() {
    if skipped() {
        return;
    }
    let app = spawn_spa().await;
    let b = Browser::start(&app.base).await;
    // A fresh profile: nothing cached. The app marks `interactive` when it
    // has mounted (fields present, handlers attached).
    b.goto("/login?interaction=made-up").await;
    b.named(Role::Textbox, "Username").await;
    let ms = b
        .client
        .execute(
            "const m = performance.getEntriesByName('interactive')[0]; return m ? m.startTime : -1",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    println!("cold load of /login: interactive after {ms:.0} ms");
    assert!(ms > 0.0, "the app marks when it is interactive");
    assert!(ms < 1000.0, "interactive after {ms} ms");
    b.close().await;
}
