//! `/login?interaction=ID`: username and password, then the one-time code
//! when the user has an authenticator; `/login` alone (after signing out)
//! says so. Posts to the interaction API and follows its `redirect_to`.

use std::time::Duration;

use auth_api_types::{Interaction, InteractionAnswer, LoginInput, NextStep, OtpInput, Step};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::focus_soon;
use crate::api::{self, ApiError};
use crate::app::AuthCard;
use crate::auth::enc;
use crate::browser;
use crate::components::{Field, Load, Note, Notice};
use crate::messages;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Password,
    Otp,
}

#[component]
pub fn Login() -> impl IntoView {
    let id = use_query_map().with_untracked(|q| q.get("interaction"));
    match id.filter(|i| !i.is_empty()) {
        Some(id) => view! { <SignIn id /> }.into_any(),
        None => view! { <SignedOut /> }.into_any(),
    }
}

/// Where `/oauth2/logout` lands.
#[component]
fn SignedOut() -> impl IntoView {
    browser::set_title("Signed out");
    view! {
        <AuthCard>
            <h1>"You are signed out"</h1>
            <p class="lead">"You can close this page, or sign in again to manage your account."</p>
            <a class="button primary" href="/account">"Go to your account"</a>
        </AuthCard>
    }
}

fn consent_path(id: &str) -> String {
    format!("/consent?interaction={}", enc(id))
}

#[component]
fn SignIn(id: String) -> impl IntoView {
    browser::set_title("Sign in");
    let navigate = use_navigate();
    let info = RwSignal::new(Load::<Interaction>::Loading);
    let phase = RwSignal::new(Phase::Password);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let note = RwSignal::new(None::<Note>);
    let busy = RwSignal::new(false);
    let throttled = RwSignal::new(false);

    focus_soon("username");
    let to_consent = {
        let navigate = navigate.clone();
        let id = id.clone();
        move || {
            let opts = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate(&consent_path(&id), opts);
        }
    };

    {
        let id = id.clone();
        let to_consent = to_consent.clone();
        spawn_local(async move {
            match api::interaction(&id).await {
                Ok(i) => {
                    match i.next {
                        Step::Consent => to_consent(),
                        Step::Otp => {
                            phase.set(Phase::Otp);
                            focus_soon("otp");
                        }
                        Step::Login => {}
                    }
                    info.set(Load::Ready(i));
                }
                Err(e) => {
                    note.set(Some(Note::Error(messages::sign_in_error(&e))));
                    info.set(Load::Failed(e));
                }
            }
        });
    }

    let failed = move |e: ApiError| {
        if e.status() == 429 {
            // Keep the button off for the wait the server asks for.
            let secs = messages::retry_after(&e).unwrap_or(30);
            throttled.set(true);
            set_timeout(move || throttled.set(false), Duration::from_secs(secs));
        }
        match e.code() {
            "invalid_credentials" => {
                password.set(String::new());
                focus_soon("password");
            }
            "invalid_otp" => {
                code.set(String::new());
                focus_soon("otp");
            }
            _ => {}
        }
        note.set(Some(Note::Error(messages::sign_in_error(&e))));
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || throttled.get_untracked() {
            return;
        }
        let csrf = info.with_untracked(|i| match i {
            Load::Ready(i) => i.csrf_token.clone(),
            _ => String::new(),
        });
        busy.set(true);
        note.set(None);
        let id = id.clone();
        let to_consent = to_consent.clone();
        let step = phase.get_untracked();
        spawn_local(async move {
            // Submitted before the request had loaded: its CSRF token first.
            let csrf = if csrf.is_empty() {
                match api::interaction(&id).await {
                    Ok(i) => {
                        let token = i.csrf_token.clone();
                        info.set(Load::Ready(i));
                        token
                    }
                    Err(_) => csrf,
                }
            } else {
                csrf
            };
            let answer = match step {
                Phase::Password => {
                    let body = LoginInput {
                        username: username.get_untracked().trim().to_string(),
                        password: password.get_untracked(),
                    };
                    api::login(&id, &csrf, &body).await
                }
                Phase::Otp => {
                    let body = OtpInput {
                        otp: code.get_untracked().replace(' ', ""),
                    };
                    api::otp(&id, &csrf, &body).await
                }
            };
            match answer {
                // Leaving the SPA: the button stays busy until the page goes.
                Ok(InteractionAnswer::Redirect(r)) => browser::go_to(&r.redirect_to),
                Ok(InteractionAnswer::Next(NextStep { next })) => {
                    busy.set(false);
                    match next {
                        Step::Otp => {
                            password.set(String::new());
                            phase.set(Phase::Otp);
                            focus_soon("otp");
                        }
                        Step::Consent => to_consent(),
                        Step::Login => phase.set(Phase::Password),
                    }
                }
                Err(e) => {
                    busy.set(false);
                    failed(e);
                }
            }
        });
    };

    let client_name = move || {
        info.with(|i| match i {
            Load::Ready(i) => Some(i.client.name.clone()),
            _ => None,
        })
    };
    let known_user = move || {
        info.with(|i| match i {
            Load::Ready(i) => i.username.clone(),
            _ => None,
        })
        .unwrap_or_else(|| username.get())
    };

    view! {
        <AuthCard>
            <h1>"Sign in"</h1>
            <p class="lead client-line">
                {move || match client_name() {
                    Some(name) => view! { "to continue to " <strong class="client-name">{name}</strong> }.into_any(),
                    None if matches!(info.get(), Load::Loading) => view! { <span class="skeleton skeleton-inline"></span> }.into_any(),
                    None => ().into_any(),
                }}
            </p>
            <form class="stack" on:submit=submit aria-busy=move || busy.get().to_string()>
                {move || match phase.get() {
                    Phase::Password => view! {
                        <Field id="username" label="Username" value=username autocomplete="username" required=true autofocus=true />
                        <Field id="password" label="Password" kind="password" value=password autocomplete="current-password" required=true />
                    }.into_any(),
                    Phase::Otp => view! {
                        <p class="signed-as">"Signing in as " <strong>{known_user}</strong> ". Enter the 6-digit code your authenticator app shows."</p>
                        <Field id="otp" label="One-time code" value=code autocomplete="one-time-code" numeric=true required=true />
                    }.into_any(),
                }}
                <Notice note />
                <button type="submit" class="button primary wide" disabled=move || throttled.get() class:busy=move || busy.get()>
                    "Sign in"
                </button>
            </form>
        </AuthCard>
    }
}
