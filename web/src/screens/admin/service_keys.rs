//! `/admin/service-keys`: keys for integrators (`X-Service-Key`); the key is
//! shown once at creation; revoke.

use auth_api_types::{CreatedKey, NewServiceKey, ServiceKeyView};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::auth::use_auth;
use crate::browser;
use crate::components::{Field, Load, LoadError, Note, Notice, ShownOnce, Skeleton, failure, load};
use crate::messages::format_time;

#[component]
pub fn ServiceKeys() -> impl IntoView {
    browser::set_title("Service keys · Admin");
    let auth = use_auth();
    let list = RwSignal::new(Load::<Vec<ServiceKeyView>>::Loading);
    let created = RwSignal::new(None::<CreatedKey>);
    let name = RwSignal::new(String::new());
    let scope = RwSignal::new(String::new());
    let note = RwSignal::new(None::<Note>);
    let reload = move || load(list, async move { api::service_keys(&auth.token()).await });
    reload();

    let create = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = NewServiceKey {
            name: name.get_untracked().trim().to_string(),
            scope: Some(scope.get_untracked().trim().to_string()).filter(|s| !s.is_empty()),
        };
        note.set(None);
        spawn_local(async move {
            match api::create_service_key(&auth.token(), &body).await {
                Ok(k) => {
                    created.set(Some(k));
                    name.set(String::new());
                    scope.set(String::new());
                    reload();
                }
                Err(e) => note.set(Some(failure(&e))),
            }
        });
    };
    let revoke = move |id: String, name: String| {
        spawn_local(async move {
            match api::revoke_service_key(&auth.token(), &id).await {
                Ok(()) => {
                    note.set(Some(Note::Success(format!("{name} is revoked."))));
                    reload();
                }
                Err(e) => note.set(Some(failure(&e))),
            }
        });
    };

    view! {
        <section class="section" aria-labelledby="keys-heading">
            <h2 id="keys-heading">"Service keys"</h2>
            <form class="card stack" on:submit=create aria-label="New service key">
                <div class="row">
                    <Field id="key-name" label="Key name" value=name required=true />
                    <Field id="key-scope" label="Scope" value=scope hint="Default: openid profile email roles." />
                </div>
                <div class="actions"><button type="submit" class="button primary">"Create service key"</button></div>
            </form>
            {move || created.get().map(|k| view! {
                <div class="card created" role="status">
                    <h3>{format!("Service key {} created", k.name)}</h3>
                    <ShownOnce id="created-key" label="Service key" value=k.key.clone()
                        note="Copy it now: it is stored hashed and never shown again." />
                </div>
            })}
            <Notice note />
            {move || match list.get() {
                Load::Loading => view! { <Skeleton lines=3 /> }.into_any(),
                Load::Failed(e) => view! { <LoadError error=e /> }.into_any(),
                Load::Ready(keys) => view! {
                    <div class="table-wrap">
                        <table>
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"ID"</th><th scope="col">"Scope"</th>
                                <th scope="col">"Created"</th><th scope="col">"Status"</th>
                            </tr></thead>
                            <tbody>
                                {keys.into_iter().map(|k| {
                                    let (id, n) = (k.id.clone(), k.name.clone());
                                    view! {
                                        <tr class:disabled=k.revoked_at.is_some()>
                                            <th scope="row">{k.name.clone()}</th>
                                            <td class="mono">{k.id.clone()}</td>
                                            <td>{k.scope.clone()}</td>
                                            <td>{format_time(k.created_at)}</td>
                                            <td>{match k.revoked_at {
                                                Some(t) => format!("revoked {}", format_time(t)).into_any(),
                                                None => view! {
                                                    <button type="button" class="button danger small"
                                                        on:click=move |_| revoke(id.clone(), n.clone())>
                                                        {format!("Revoke {}", k.name)}
                                                    </button>
                                                }.into_any(),
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}
