//! `/callback?code&state` (or `?error`): the end of the SPA's own sign-in
//! as client `web`. Exchanges the code, then returns to the page that
//! asked for it without a reload (the token lives in memory).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::app::AuthCard;
use crate::auth::{self, Outcome, use_auth};
use crate::browser;

#[component]
pub fn Callback() -> impl IntoView {
    browser::set_title("Signing in");
    let auth = use_auth();
    let navigate = use_navigate();
    let (code, state, error) =
        use_query_map().with_untracked(|q| (q.get("code"), q.get("state"), q.get("error")));
    let failure = RwSignal::new(None::<String>);
    spawn_local(async move {
        match auth::complete(auth, code, state, error).await {
            Outcome::SignedIn(path) => {
                let opts = NavigateOptions {
                    replace: true,
                    ..Default::default()
                };
                navigate(&path, opts);
            }
            Outcome::Redirected => {}
            Outcome::Failed(message) => failure.set(Some(message)),
        }
    });
    view! {
        <AuthCard>
            {move || match failure.get() {
                None => view! {
                    <h1>"Signing you in…"</h1>
                    <div class="skeleton skeleton-block" aria-busy="true"></div>
                }.into_any(),
                Some(message) => view! {
                    <h1>"Signing in did not work"</h1>
                    <p class="notice error" role="alert">{message}</p>
                    <p><a class="button primary" href="/account">"Try again"</a></p>
                }.into_any(),
            }}
        </AuthCard>
    }
}
