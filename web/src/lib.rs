//! The auth-server SPA: Leptos, client-side rendered, built with trunk and
//! served by the API from `WEB_DIST`. Screens: `/login` (password, then the
//! one-time code), `/consent`, `/error`, `/callback` (its own PKCE sign-in
//! as client `web`), `/account` and `/admin`.
//!
//! Modules: `app` (router, frames), `api` (typed calls), `auth` (PKCE, the
//! in-memory token), `messages` (words for codes), `components`, `browser`,
//! and one module per screen under `screens`.

pub mod api;
pub mod app;
pub mod auth;
pub mod browser;
pub mod components;
pub mod messages;
pub mod screens;

/// Mounts the app in place of the static placeholder of `index.html`.
pub fn mount() {
    browser::remove_boot_placeholder();
    leptos::mount::mount_to_body(app::App);
    browser::mark("interactive");
}
