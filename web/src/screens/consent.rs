//! `/consent?interaction=ID`: the client's name, each requested scope with
//! its description, a checkbox per scope (`openid` ticked and fixed) and a
//! `<scope> level` select where the scope has levels; `Allow` and `Deny`.

use std::collections::BTreeMap;

use auth_api_types::{ConsentInput, Interaction, InteractionAnswer, ScopeInfo, Step};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::app::AuthCard;
use crate::auth::enc;
use crate::browser;
use crate::components::{Load, Note, Notice, Skeleton};
use crate::messages;

/// The user's choice for one scope.
#[derive(Clone, Copy)]
struct Choice {
    ticked: RwSignal<bool>,
    level: RwSignal<String>,
}

#[component]
pub fn Consent() -> impl IntoView {
    browser::set_title("Allow access");
    let id = use_query_map()
        .with_untracked(|q| q.get("interaction"))
        .unwrap_or_default();
    let navigate = use_navigate();
    let info = RwSignal::new(Load::<Interaction>::Loading);
    let note = RwSignal::new(None::<Note>);
    let busy = RwSignal::new(false);
    let choices = StoredValue::new(Vec::<(ScopeInfo, Choice)>::new());

    {
        let id = id.clone();
        spawn_local(async move {
            match api::interaction(&id).await {
                Ok(i) if i.next != Step::Consent => {
                    // Not signed in yet (a reload of an old tab): back to the start.
                    let opts = NavigateOptions {
                        replace: true,
                        ..Default::default()
                    };
                    navigate(&format!("/login?interaction={}", enc(&id)), opts);
                }
                Ok(i) => {
                    let list = i
                        .scopes
                        .iter()
                        .map(|s| {
                            let level = s
                                .default_level
                                .clone()
                                .or_else(|| s.levels.first().cloned())
                                .unwrap_or_default();
                            let choice = Choice {
                                ticked: RwSignal::new(true),
                                level: RwSignal::new(level),
                            };
                            (s.clone(), choice)
                        })
                        .collect();
                    choices.set_value(list);
                    info.set(Load::Ready(i));
                }
                Err(e) => {
                    note.set(Some(Note::Error(messages::sign_in_error(&e))));
                    info.set(Load::Failed(e));
                }
            }
        });
    }

    let answer = move |allow: bool| {
        if busy.get_untracked() {
            return;
        }
        let (id, csrf) = info.with_untracked(|i| match i {
            Load::Ready(i) => (i.id.clone(), i.csrf_token.clone()),
            _ => (String::new(), String::new()),
        });
        if id.is_empty() {
            return;
        }
        let mut body = ConsentInput {
            scopes: vec![],
            policies: BTreeMap::new(),
        };
        choices.with_value(|list| {
            for (scope, c) in list {
                if scope.required || c.ticked.get_untracked() {
                    body.scopes.push(scope.name.clone());
                    if !scope.levels.is_empty() {
                        body.policies
                            .insert(scope.name.clone(), c.level.get_untracked());
                    }
                }
            }
        });
        busy.set(true);
        note.set(None);
        spawn_local(async move {
            let result: Result<InteractionAnswer, ApiError> = if allow {
                api::consent(&id, &csrf, &body).await
            } else {
                api::deny(&id, &csrf).await
            };
            match result {
                Ok(InteractionAnswer::Redirect(r)) => browser::go_to(&r.redirect_to),
                Ok(InteractionAnswer::Next(_)) => {
                    busy.set(false);
                    note.set(Some(Note::Error(messages::STALE_PAGE.into())));
                }
                Err(e) => {
                    busy.set(false);
                    note.set(Some(Note::Error(messages::sign_in_error(&e))));
                }
            }
        });
    };

    view! {
        <AuthCard>
            {move || match info.get() {
                Load::Loading => view! {
                    <h1 class="consent-title"><span class="skeleton skeleton-inline"></span></h1>
                    <Skeleton lines=4 />
                }.into_any(),
                Load::Failed(_) => view! {
                    <h1>"Allow access"</h1>
                    <Notice note />
                }.into_any(),
                Load::Ready(i) => view! {
                    <h1 class="consent-title">
                        <span class="client-name">{i.client.name.clone()}</span>
                        " wants to access your account"
                    </h1>
                    {i.username.clone().map(|u| view! { <p class="signed-as">"Signed in as " <strong>{u}</strong></p> })}
                    <form class="stack" on:submit=move |ev| { ev.prevent_default(); answer(true); }>
                        <fieldset class="scopes">
                            <legend>"It asks to:"</legend>
                            {choices.get_value().into_iter().map(|(s, c)| view! { <ScopeRow scope=s choice=c /> }).collect_view()}
                        </fieldset>
                        <Notice note />
                        <div class="actions">
                            <button type="submit" class="button primary" disabled=move || busy.get()>"Allow"</button>
                            <button type="button" class="button secondary" disabled=move || busy.get()
                                on:click=move |_| answer(false)>"Deny"</button>
                        </div>
                        <p class="hint">"You can change this later under Connected apps in your account."</p>
                    </form>
                }.into_any(),
            }}
        </AuthCard>
    }
}

#[component]
fn ScopeRow(scope: ScopeInfo, choice: Choice) -> impl IntoView {
    let box_id = format!("scope-{}", scope.name);
    let desc_id = format!("scope-{}-desc", scope.name);
    let level_id = format!("scope-{}-level", scope.name);
    let required = scope.required;
    let level_label = format!("{} level", scope.name);
    let levels = scope.levels.clone();
    view! {
        <div class="scope">
            <div class="check">
                <input
                    type="checkbox"
                    id=box_id.clone()
                    aria-describedby=desc_id.clone()
                    disabled=required
                    prop:checked=move || required || choice.ticked.get()
                    on:change=move |ev| choice.ticked.set(event_target_checked(&ev))
                />
                <label for=box_id class="scope-name">{scope.name.clone()}</label>
            </div>
            <p class="scope-desc" id=desc_id>{scope.description.clone()}</p>
            {(!levels.is_empty()).then(|| view! {
                <div class="field inline">
                    <label for=level_id.clone()>{level_label}</label>
                    <select
                        id=level_id
                        disabled=move || !required && !choice.ticked.get()
                        prop:value=move || choice.level.get()
                        on:change=move |ev| choice.level.set(event_target_value(&ev))
                    >
                        {levels.iter().map(|l| {
                            let l = l.clone();
                            let selected = choice.level.get_untracked() == l;
                            view! { <option value=l.clone() selected=selected>{l.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
        </div>
    }
}
