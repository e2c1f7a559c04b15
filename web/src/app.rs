//! The router and the two page frames: the sign-in card (login, consent,
//! error, callback) and the signed-in shell (account, admin).

use leptos::prelude::*;
use leptos_router::components::{A, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::auth::{self, use_auth};
use crate::browser;
use crate::screens::account::Account;
use crate::screens::admin::{AdminLayout, Audit, Clients, ServiceKeys, Users};
use crate::screens::callback::Callback;
use crate::screens::consent::Consent;
use crate::screens::error::ErrorPage;
use crate::screens::login::Login;

#[component]
pub fn App() -> impl IntoView {
    auth::provide_auth();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/account" /> } />
                <Route path=path!("/login") view=Login />
                <Route path=path!("/consent") view=Consent />
                <Route path=path!("/error") view=ErrorPage />
                <Route path=path!("/callback") view=Callback />
                <Route path=path!("/account") view=Account />
                <ParentRoute path=path!("/admin") view=AdminLayout>
                    <Route path=path!("") view=Clients />
                    <Route path=path!("users") view=Users />
                    <Route path=path!("service-keys") view=ServiceKeys />
                    <Route path=path!("audit") view=Audit />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The centred card of the sign-in screens (the same box `index.html`
/// draws before the app loads, so nothing jumps).
#[component]
pub fn AuthCard(children: Children) -> impl IntoView {
    view! {
        <div class="auth-page">
            <main class="card auth-card" id="main">{children()}</main>
        </div>
    }
}

/// The frame of the signed-in screens: brand, navigation, sign out.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let auth = use_auth();
    let is_admin = move || {
        auth.0
            .with(|s| s.as_ref().is_some_and(|s| s.has_scope("admin")))
    };
    let username = move || {
        auth.0
            .with(|s| s.as_ref().map(|s| s.username.clone()).unwrap_or_default())
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar">
            <div class="topbar-inner">
                <span class="brand">"auth-server"</span>
                <nav aria-label="Main">
                    <A href="/account">"Account"</A>
                    <Show when=is_admin>
                        <A href="/admin">"Admin"</A>
                    </Show>
                </nav>
                <div class="who">
                    <span class="username">{username}</span>
                    <button type="button" class="button secondary small" on:click=move |_| auth::sign_out(auth)>
                        "Sign out"
                    </button>
                </div>
            </div>
        </header>
        <main class="container" id="main">{children()}</main>
    }
}

/// Renders `children` once this tab has a token; until then signs in
/// (silently first, through `/oauth2/authorize?prompt=none`).
#[component]
pub fn Signed(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if auth.0.get_untracked().is_none()
            && let Err(e) = auth::begin(&browser::current_path(), true)
        {
            failure.set(Some(e));
        }
    });
    move || {
        if auth.0.with(Option::is_some) {
            children().into_any()
        } else {
            view! {
                <div class="auth-page">
                    <main class="card auth-card" id="main" aria-busy="true">
                        <h1>"Signing you in…"</h1>
                        {move || match failure.get() {
                            Some(e) => view! { <p class="notice error" role="alert">{e}</p> }.into_any(),
                            None => view! { <div class="skeleton skeleton-block"></div> }.into_any(),
                        }}
                    </main>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn NotFound() -> impl IntoView {
    browser::set_title("Page not found");
    view! {
        <AuthCard>
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p><a href="/account">"Go to your account"</a></p>
        </AuthCard>
    }
}
