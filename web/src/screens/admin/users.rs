//! `/admin/users`: create users, disable or enable them, set their roles,
//! reset their authenticator app.

use auth_api_types::{AdminUser, NewUser, Role, UserChange};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::auth::{Auth, use_auth};
use crate::browser;
use crate::components::{Field, Load, LoadError, Note, Notice, Skeleton, failure, load};

const PAGE: i64 = 50;

#[component]
pub fn Users() -> impl IntoView {
    browser::set_title("Users · Admin");
    let auth = use_auth();
    let list = RwSignal::new(Load::<Vec<AdminUser>>::Loading);
    let roles = RwSignal::new(Vec::<Role>::new());
    let offset = RwSignal::new(0i64);
    let creating = RwSignal::new(false);
    let note = RwSignal::new(None::<Note>);
    let reload = move || {
        let at = offset.get_untracked();
        load(
            list,
            async move { api::users(&auth.token(), PAGE, at).await },
        );
    };
    reload();
    spawn_local(async move {
        if let Ok(r) = api::roles(&auth.token()).await {
            roles.set(r);
        }
    });
    let page = move |delta: i64| {
        offset.set((offset.get_untracked() + delta).max(0));
        list.set(Load::Loading);
        reload();
    };

    let on_done = move |u: Option<AdminUser>| {
        creating.set(false);
        if let Some(u) = u {
            note.set(Some(Note::Success(format!("User {} created.", u.username))));
            reload();
        }
    };

    view! {
        <section class="section" aria-labelledby="users-heading">
            <div class="section-head">
                <h2 id="users-heading">"Users"</h2>
                <button type="button" class="button primary" on:click=move |_| creating.set(true)>"New user"</button>
            </div>
            <Notice note />
            <Show when=move || creating.get()>
                <NewUserForm auth roles done=on_done />
            </Show>
            {move || match list.get() {
                Load::Loading => view! { <Skeleton lines=5 /> }.into_any(),
                Load::Failed(e) => view! { <LoadError error=e /> }.into_any(),
                Load::Ready(users) => {
                    let full = users.len() as i64 == PAGE;
                    view! {
                        <div class="table-wrap">
                            <table>
                                <thead><tr>
                                    <th scope="col">"Username"</th><th scope="col">"Email"</th>
                                    <th scope="col">"Roles"</th><th scope="col">"Status"</th><th scope="col">"Actions"</th>
                                </tr></thead>
                                <tbody>
                                    {users.into_iter().map(|u| view! { <UserRow auth user=u roles note /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="pager">
                            <button type="button" class="button secondary small" disabled=move || offset.get() == 0
                                on:click=move |_| page(-PAGE)>"Previous page"</button>
                            <button type="button" class="button secondary small" disabled=!full
                                on:click=move |_| page(PAGE)>"Next page"</button>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Checkboxes for the roles; `selected` holds the ticked ones.
#[component]
fn RoleChecks(
    #[prop(into)] prefix: String,
    roles: RwSignal<Vec<Role>>,
    selected: RwSignal<Vec<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="choices inline">
            <legend>"Roles"</legend>
            {move || roles.get().into_iter().map(|r| {
                let id = format!("{prefix}-role-{}", r.name);
                let (n1, n2) = (r.name.clone(), r.name.clone());
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone()
                            prop:checked=move || selected.with(|s| s.contains(&n1))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| { s.retain(|x| *x != n2); if on { s.push(n2.clone()); } });
                            } />
                        <label for=id>{r.name.clone()}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn NewUserForm(
    auth: Auth,
    roles: RwSignal<Vec<Role>>,
    done: impl Fn(Option<AdminUser>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let chosen = RwSignal::new(vec!["user".to_string()]);
    let note = RwSignal::new(None::<Note>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = NewUser {
            username: username.get_untracked().trim().to_string(),
            email: email.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            roles: chosen.get_untracked(),
            ..Default::default()
        };
        spawn_local(async move {
            match api::create_user(&auth.token(), &body).await {
                Ok(u) => done(Some(u)),
                Err(e) => note.set(Some(failure(&e))),
            }
        });
    };
    view! {
        <form class="card stack" on:submit=submit aria-labelledby="new-user-heading">
            <h3 id="new-user-heading">"New user"</h3>
            <div class="row">
                <Field id="new-user-username" label="Username" value=username required=true autofocus=true />
                <Field id="new-user-email" label="Email" kind="email" value=email />
            </div>
            <Field id="new-user-password" label="Password" kind="password" value=password autocomplete="new-password" required=true />
            <RoleChecks prefix="new-user" roles selected=chosen />
            <Notice note />
            <div class="actions">
                <button type="submit" class="button primary">"Create user"</button>
                <button type="button" class="button secondary" on:click=move |_| done(None)>"Cancel"</button>
            </div>
        </form>
    }
}

#[component]
fn UserRow(
    auth: Auth,
    user: AdminUser,
    roles: RwSignal<Vec<Role>>,
    note: RwSignal<Option<Note>>,
) -> impl IntoView {
    let current = RwSignal::new(user);
    let editing = RwSignal::new(false);
    let chosen = RwSignal::new(current.with_untracked(|u| u.roles.clone()));
    let name = current.with_untracked(|u| u.username.clone());
    let id = current.with_untracked(|u| u.id.clone());
    let change = {
        let id = id.clone();
        move |c: UserChange, done: &'static str| {
            let id = id.clone();
            spawn_local(async move {
                match api::update_user(&auth.token(), &id, &c).await {
                    Ok(u) => {
                        note.set(Some(Note::Success(format!("{} {done}.", u.username))));
                        chosen.set(u.roles.clone());
                        current.set(u);
                        editing.set(false);
                    }
                    Err(e) => note.set(Some(failure(&e))),
                }
            });
        }
    };
    let toggle = {
        let change = change.clone();
        move |_| {
            let disable = !current.get_untracked().disabled;
            let c = UserChange {
                disabled: Some(disable),
                ..Default::default()
            };
            change(c, if disable { "is disabled" } else { "is enabled" });
        }
    };
    let save_roles = move |_| {
        let c = UserChange {
            roles: Some(chosen.get_untracked()),
            ..Default::default()
        };
        change(c, "has new roles");
    };
    let reset = {
        let (id, name) = (id.clone(), name.clone());
        move |_| {
            let (id, name) = (id.clone(), name.clone());
            spawn_local(async move {
                match api::reset_authenticator(&auth.token(), &id).await {
                    Ok(()) => note.set(Some(Note::Success(format!(
                        "{name} can sign in without an authenticator app now."
                    )))),
                    Err(e) => note.set(Some(failure(&e))),
                }
            });
        }
    };
    let n = name.clone();
    view! {
        <tr class:disabled=move || current.with(|u| u.disabled)>
            <th scope="row">{name.clone()}</th>
            <td>{move || current.with(|u| u.email.clone())}</td>
            <td>
                {move || current.with(|u| u.roles.join(", "))}
                <Show when=move || editing.get()>
                    <RoleChecks prefix=format!("user-{}", id) roles selected=chosen />
                    <button type="button" class="button primary small" on:click=save_roles.clone()>
                        {format!("Save roles for {}", n)}
                    </button>
                </Show>
            </td>
            <td>{move || if current.with(|u| u.disabled) { "disabled" } else { "active" }}</td>
            <td><div class="actions">
                <button type="button" class="button secondary small" on:click=toggle>
                    {let n = name.clone(); move || format!("{} {}", if current.with(|u| u.disabled) { "Enable" } else { "Disable" }, n)}
                </button>
                <button type="button" class="button secondary small" on:click=move |_| editing.update(|e| *e = !*e)>
                    {format!("Edit roles for {name}")}
                </button>
                <button type="button" class="button secondary small" on:click=reset>
                    {format!("Reset authenticator for {name}")}
                </button>
            </div></td>
        </tr>
    }
}
