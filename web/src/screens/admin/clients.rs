//! `/admin` (first tab): registered clients. Create (the secret is shown
//! once), edit redirect URIs, origins, grant types and skip-consent,
//! issue a new secret, delete.

use auth_api_types::{ClientChange, ClientView, CreatedClient, NewClient};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::grant_types::GrantTypes;
use crate::api;
use crate::auth::{Auth, use_auth};
use crate::browser;
use crate::components::{
    Check, Field, LinesField, Load, LoadError, Note, Notice, ShownOnce, Skeleton, failure, load,
};
use crate::messages::lines;

#[component]
pub fn Clients() -> impl IntoView {
    browser::set_title("Clients · Admin");
    let auth = use_auth();
    let list = RwSignal::new(Load::<Vec<ClientView>>::Loading);
    let creating = RwSignal::new(false);
    let created = RwSignal::new(None::<CreatedClient>);
    let reload = move || load(list, async move { api::clients(&auth.token()).await });
    reload();
    let on_done = move |c: Option<CreatedClient>| {
        creating.set(false);
        if let Some(c) = c {
            created.set(Some(c));
            reload();
        }
    };

    view! {
        <section class="section" aria-labelledby="clients-heading">
            <div class="section-head">
                <h2 id="clients-heading">"Clients"</h2>
                <button type="button" class="button primary" on:click=move |_| { created.set(None); creating.set(true); }>
                    "New client"
                </button>
            </div>
            {move || created.get().map(|c| view! {
                <div class="card created" role="status">
                    <h3>{format!("Client {} created", c.client.name)}</h3>
                    <ShownOnce id="created-client-id" label="Client ID" value=c.client.client_id.clone() />
                    {c.client_secret.clone().map(|s| view! {
                        <ShownOnce id="created-client-secret" label="Client secret" value=s
                            note="Copy it now: it is stored hashed and never shown again." />
                    })}
                </div>
            })}
            <Show when=move || creating.get()>
                <NewClientForm auth done=on_done />
            </Show>
            {move || match list.get() {
                Load::Loading => view! { <Skeleton lines=4 /> }.into_any(),
                Load::Failed(e) => view! { <LoadError error=e /> }.into_any(),
                Load::Ready(clients) => view! {
                    <ul class="rows">
                        {clients.into_iter().map(|c| view! { <ClientRow auth client=c reload /> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn NewClientForm(
    auth: Auth,
    done: impl Fn(Option<CreatedClient>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("confidential".to_string());
    let grants = RwSignal::new(vec![
        "authorization_code".to_string(),
        "refresh_token".to_string(),
    ]);
    let redirects = RwSignal::new(String::new());
    let logout_redirects = RwSignal::new(String::new());
    let origins = RwSignal::new(String::new());
    let scope = RwSignal::new("openid profile email roles offline_access".to_string());
    let skip_consent = RwSignal::new(false);
    let note = RwSignal::new(None::<Note>);
    let busy = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let origins = lines(&origins.get_untracked());
        let body = NewClient {
            name: name.get_untracked().trim().to_string(),
            client_type: kind.get_untracked(),
            grant_types: grants.get_untracked(),
            redirect_uris: lines(&redirects.get_untracked()),
            post_logout_redirect_uris: lines(&logout_redirects.get_untracked()),
            allowed_origins: (!origins.is_empty()).then_some(origins),
            scope: Some(scope.get_untracked().trim().to_string()).filter(|s| !s.is_empty()),
            skip_consent: skip_consent.get_untracked(),
        };
        busy.set(true);
        note.set(None);
        spawn_local(async move {
            match api::create_client(&auth.token(), &body).await {
                Ok(c) => done(Some(c)),
                Err(e) => {
                    busy.set(false);
                    note.set(Some(failure(&e)));
                }
            }
        });
    };
    view! {
        <form class="card stack" on:submit=submit aria-labelledby="new-client-heading">
            <h3 id="new-client-heading">"New client"</h3>
            <Field id="new-client-name" label="Name" value=name required=true autofocus=true />
            <div class="field">
                <label for="new-client-type">"Type"</label>
                <select id="new-client-type" prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="confidential" selected=true>"confidential (has a secret: server-side apps)"</option>
                    <option value="public">"public (no secret: browser and mobile apps, PKCE)"</option>
                </select>
            </div>
            <GrantTypes prefix="new-client" selected=grants />
            <LinesField id="new-client-redirects" label="Redirect URIs" value=redirects hint="One per line. Needed for authorization_code." />
            <LinesField id="new-client-logout" label="Post-logout redirect URIs" value=logout_redirects hint="One per line." />
            <LinesField id="new-client-origins" label="Allowed origins" value=origins hint="One per line (CORS). Empty: the origins of the redirect URIs." />
            <Field id="new-client-scope" label="Scope" value=scope hint="The scopes it may ask for, space-separated." />
            <Check id="new-client-skip-consent" label="Skip consent (a first-party app)" checked=skip_consent />
            <Notice note />
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>"Create client"</button>
                <button type="button" class="button secondary" on:click=move |_| done(None)>"Cancel"</button>
            </div>
        </form>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    View,
    Edit,
    ConfirmDelete,
}

#[component]
fn ClientRow(
    auth: Auth,
    client: ClientView,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let mode = RwSignal::new(Mode::View);
    let secret = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<Note>);
    let c = StoredValue::new(client);
    let id = c.with_value(|c| c.client_id.clone());
    let name = c.with_value(|c| c.name.clone());
    let confidential = c.with_value(|c| c.client_type == "confidential");

    let rotate = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            note.set(None);
            spawn_local(async move {
                match api::rotate_secret(&auth.token(), &id).await {
                    Ok(s) => secret.set(Some(s.client_secret)),
                    Err(e) => note.set(Some(failure(&e))),
                }
            });
        }
    };
    let edited = move |changed: bool| {
        mode.set(Mode::View);
        if changed {
            reload();
        }
    };
    let delete = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            spawn_local(async move {
                match api::delete_client(&auth.token(), &id).await {
                    Ok(()) => reload(),
                    Err(e) => note.set(Some(failure(&e))),
                }
            });
        }
    };

    view! {
        <li class="card row-card">
            <div class="row-head">
                <div>
                    <h3>{name.clone()}</h3>
                    <p class="muted mono">{id.clone()}</p>
                </div>
                <div class="actions">
                    <button type="button" class="button secondary small" on:click=move |_| mode.set(Mode::Edit)>
                        {format!("Edit {name}")}
                    </button>
                    {confidential.then(|| view! {
                        <button type="button" class="button secondary small" on:click=rotate.clone()>
                            {format!("New secret for {name}")}
                        </button>
                    })}
                    <button type="button" class="button danger small" on:click=move |_| mode.set(Mode::ConfirmDelete)>
                        {format!("Delete {name}")}
                    </button>
                </div>
            </div>
            {c.with_value(|c| view! {
                <dl class="facts">
                    <dt>"Type"</dt><dd>{c.client_type.clone()}</dd>
                    <dt>"Grant types"</dt><dd>{c.grant_types.join(", ")}</dd>
                    <dt>"Redirect URIs"</dt><dd class="mono">{c.redirect_uris.join("\n")}</dd>
                    <dt>"Allowed origins"</dt><dd class="mono">{c.allowed_origins.join("\n")}</dd>
                    <dt>"Scope"</dt><dd>{c.scope.clone()}</dd>
                    <dt>"Consent"</dt><dd>{if c.skip_consent { "skipped" } else { "asked" }}</dd>
                </dl>
            })}
            {move || secret.get().map(|s| view! {
                <ShownOnce id=format!("secret-{}", c.with_value(|c| c.client_id.clone())) label="New client secret" value=s
                    note="Copy it now: the old secret no longer works, and this one is never shown again." />
            })}
            {move || match mode.get() {
                Mode::View => ().into_any(),
                Mode::Edit => view! { <EditClient auth client=c.get_value() done=edited /> }.into_any(),
                Mode::ConfirmDelete => view! {
                    <div class="confirm" role="group" aria-label="Confirm deletion">
                        <p>{format!("Delete {}? Its tokens stop working and this cannot be undone.", c.with_value(|c| c.name.clone()))}</p>
                        <div class="actions">
                            <button type="button" class="button danger" on:click=delete.clone()>
                                {format!("Yes, delete {}", c.with_value(|c| c.name.clone()))}
                            </button>
                            <button type="button" class="button secondary" on:click=move |_| mode.set(Mode::View)>"Cancel"</button>
                        </div>
                    </div>
                }.into_any(),
            }}
            <Notice note />
        </li>
    }
}

#[component]
fn EditClient(
    auth: Auth,
    client: ClientView,
    done: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let p = format!("edit-{}", client.client_id);
    let grants = RwSignal::new(client.grant_types.clone());
    let redirects = RwSignal::new(client.redirect_uris.join("\n"));
    let logout_redirects = RwSignal::new(client.post_logout_redirect_uris.join("\n"));
    let origins = RwSignal::new(client.allowed_origins.join("\n"));
    let skip_consent = RwSignal::new(client.skip_consent);
    let note = RwSignal::new(None::<Note>);
    let id = client.client_id.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let change = ClientChange {
            grant_types: Some(grants.get_untracked()),
            redirect_uris: Some(lines(&redirects.get_untracked())),
            post_logout_redirect_uris: Some(lines(&logout_redirects.get_untracked())),
            allowed_origins: Some(lines(&origins.get_untracked())),
            skip_consent: Some(skip_consent.get_untracked()),
            ..Default::default()
        };
        let id = id.clone();
        spawn_local(async move {
            match api::update_client(&auth.token(), &id, &change).await {
                Ok(_) => done(true),
                Err(e) => note.set(Some(failure(&e))),
            }
        });
    };
    view! {
        <form class="stack edit" on:submit=submit>
            <GrantTypes prefix=p.clone() selected=grants />
            <LinesField id=format!("{p}-redirects") label="Redirect URIs" value=redirects hint="One per line." />
            <LinesField id=format!("{p}-logout") label="Post-logout redirect URIs" value=logout_redirects />
            <LinesField id=format!("{p}-origins") label="Allowed origins" value=origins />
            <Check id=format!("{p}-skip-consent") label="Skip consent (a first-party app)" checked=skip_consent />
            <Notice note />
            <div class="actions">
                <button type="submit" class="button primary">"Save changes"</button>
                <button type="button" class="button secondary" on:click=move |_| done(false)>"Cancel"</button>
            </div>
        </form>
    }
}
