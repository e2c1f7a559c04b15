//! The few browser APIs the app calls directly: the location, session
//! storage, the CSPRNG, the title and focus. Each is a no-op (or `None`)
//! when the API is missing, never a panic.

use wasm_bindgen::JsCast;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// `https://host:port` of the page.
pub fn origin() -> String {
    window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The current path and query, e.g. `/account?x=1`.
pub fn current_path() -> String {
    let Some(loc) = window().map(|w| w.location()) else {
        return "/".into();
    };
    let path = loc.pathname().unwrap_or_else(|_| "/".into());
    let search = loc.search().unwrap_or_default();
    format!("{path}{search}")
}

/// A full page load of `url` (the authorization server, a client's
/// redirect URI), leaving the SPA.
pub fn go_to(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().assign(url);
    }
}

/// Like [`go_to`], without a history entry for the current page.
pub fn replace_with(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().replace(url);
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.session_storage().ok().flatten())
}

/// Session storage lives per tab and dies with it: enough for the PKCE
/// verifier and `state` across the redirect, never for tokens.
pub fn session_get(key: &str) -> Option<String> {
    session_storage().and_then(|s| s.get_item(key).ok().flatten())
}

pub fn session_set(key: &str, value: &str) -> bool {
    session_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn session_remove(key: &str) {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(key);
    }
}

/// `N` bytes from `crypto.getRandomValues`, or `None` (never a weaker
/// source).
pub fn random_bytes<const N: usize>() -> Option<[u8; N]> {
    let crypto = window()?.crypto().ok()?;
    let mut buf = [0u8; N];
    crypto.get_random_values_with_u8_array(&mut buf).ok()?;
    Some(buf)
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The document title: screen readers announce it on navigation.
pub fn set_title(title: &str) {
    if let Some(d) = window().and_then(|w| w.document()) {
        d.set_title(&format!("{title} · auth-server"));
    }
}

/// Moves keyboard focus to the element with this id (after a step of a
/// form changes, focus goes to the new field).
pub fn focus(id: &str) {
    let el = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// A `performance.mark` (the browser tests read `interactive` to time a
/// cold load).
pub fn mark(name: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Removes the static placeholder of `index.html` before the app mounts.
pub fn remove_boot_placeholder() {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        el.remove();
    }
}
