//! `/admin`: clients, users, service keys and the audit log, for a user
//! with role `admin` whose token was granted scope `admin` (the server
//! leaves the scope out for anyone else). Everyone else sees "Not allowed".

mod audit;
mod clients;
mod grant_types;
mod service_keys;
mod users;

pub use audit::Audit;
pub use clients::Clients;
pub use service_keys::ServiceKeys;
pub use users::Users;

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

use crate::app::{Shell, Signed};
use crate::auth::use_auth;
use crate::browser;

#[component]
pub fn AdminLayout() -> impl IntoView {
    browser::set_title("Admin");
    view! {
        <Signed>
            <Shell>
                <AdminGate />
            </Shell>
        </Signed>
    }
}

#[component]
fn AdminGate() -> impl IntoView {
    let auth = use_auth();
    let (allowed, username) = auth.0.with_untracked(|s| {
        (
            s.as_ref().is_some_and(|s| s.has_scope("admin")),
            s.as_ref().map(|s| s.username.clone()).unwrap_or_default(),
        )
    });
    if !allowed {
        browser::set_title("Not allowed");
        return view! {
            <section class="card section not-allowed">
                <h1>"Not allowed"</h1>
                <p>
                    "The admin area is for administrators. You are signed in as "
                    <strong>{username}</strong> ", who is not one."
                </p>
                <p><a href="/account">"Go to your account"</a></p>
            </section>
        }
        .into_any();
    }
    view! {
        <h1>"Administration"</h1>
        <nav class="tabs" aria-label="Admin sections">
            <A href="/admin" exact=true>"Clients"</A>
            <A href="/admin/users">"Users"</A>
            <A href="/admin/service-keys">"Service keys"</A>
            <A href="/admin/audit">"Audit log"</A>
        </nav>
        <Outlet />
    }
    .into_any()
}
