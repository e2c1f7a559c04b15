//! Connected apps: each client the user granted access to, with its
//! scopes and levels, and a `Revoke <client name>` button.

use auth_api_types::ConnectedApp;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::auth::use_auth;
use crate::components::{Load, LoadError, Note, Notice, Skeleton, failure, load};
use crate::messages::format_time;

#[component]
pub fn AppsSection() -> impl IntoView {
    let auth = use_auth();
    let apps = RwSignal::new(Load::<Vec<ConnectedApp>>::Loading);
    let note = RwSignal::new(None::<Note>);
    load(apps, async move { api::grants(&auth.token()).await });

    let revoke = move |client_id: String, name: String| {
        note.set(None);
        spawn_local(async move {
            match api::revoke_grant(&auth.token(), &client_id).await {
                Ok(()) => {
                    apps.update(|a| {
                        if let Load::Ready(list) = a {
                            list.retain(|g| g.client_id != client_id);
                        }
                    });
                    note.set(Some(Note::Success(format!(
                        "{name} no longer has access to your account."
                    ))));
                }
                Err(e) => note.set(Some(failure(&e))),
            }
        });
    };

    view! {
        <section class="card section" aria-labelledby="apps-heading">
            <h2 id="apps-heading">"Connected apps"</h2>
            <Notice note />
            {move || match apps.get() {
                Load::Loading => view! { <Skeleton lines=2 /> }.into_any(),
                Load::Failed(e) => view! { <LoadError error=e /> }.into_any(),
                Load::Ready(list) if list.is_empty() => view! {
                    <p class="muted">"No apps have access to your account."</p>
                }.into_any(),
                Load::Ready(list) => view! {
                    <ul class="apps">
                        {list.into_iter().map(|g| {
                            let (id, name) = (g.client_id.clone(), g.client_name.clone());
                            let label = format!("Revoke {name}");
                            view! {
                                <li class="app">
                                    <div class="app-info">
                                        <h3>{g.client_name.clone()}</h3>
                                        <p class="muted">"Since " {format_time(g.granted_at)}</p>
                                        <ul class="tags" aria-label="Access granted">
                                            {g.scopes.iter().map(|s| {
                                                let level = g.policies.get(s).map(|l| format!(": {l}"));
                                                view! { <li class="tag">{s.clone()}{level}</li> }
                                            }).collect_view()}
                                        </ul>
                                    </div>
                                    <button type="button" class="button danger" on:click=move |_| revoke(id.clone(), name.clone())>
                                        {label}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
