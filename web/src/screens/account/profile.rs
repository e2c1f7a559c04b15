//! The profile form: `Email`, `First name`, `Last name`, `Save`.

use auth_api_types::{Profile, ProfileChange};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::auth::use_auth;
use crate::components::{Field, Load, LoadError, Note, Notice, Skeleton, failure};

#[component]
pub fn ProfileSection() -> impl IntoView {
    let auth = use_auth();
    let data = RwSignal::new(Load::<Profile>::Loading);
    let email = RwSignal::new(String::new());
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let note = RwSignal::new(None::<Note>);
    let busy = RwSignal::new(false);

    let fill = move |p: &Profile| {
        email.set(p.email.clone());
        first.set(p.first_name.clone());
        last.set(p.last_name.clone());
    };
    spawn_local(async move {
        match api::profile(&auth.token()).await {
            Ok(p) => {
                fill(&p);
                data.set(Load::Ready(p));
            }
            Err(e) => data.set(Load::Failed(e)),
        }
    });

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        note.set(None);
        let change = ProfileChange {
            email: Some(email.get_untracked().trim().to_string()),
            first_name: Some(first.get_untracked().trim().to_string()),
            last_name: Some(last.get_untracked().trim().to_string()),
            username: None,
        };
        spawn_local(async move {
            match api::update_profile(&auth.token(), &change).await {
                // The fields only: re-rendering the form would lose focus.
                Ok(p) => {
                    fill(&p);
                    note.set(Some(Note::Success("Your profile is saved.".into())));
                }
                Err(e) => note.set(Some(failure(&e))),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card section" aria-labelledby="profile-heading">
            <h2 id="profile-heading">"Profile"</h2>
            {move || match data.get() {
                Load::Loading => view! { <Skeleton lines=4 /> }.into_any(),
                Load::Failed(e) => view! { <LoadError error=e /> }.into_any(),
                Load::Ready(p) => view! {
                    <p class="muted">"Username " <strong>{p.username.clone()}</strong></p>
                    <form class="stack" on:submit=save>
                        <Field id="email" label="Email" kind="email" value=email autocomplete="email" />
                        <div class="row">
                            <Field id="first-name" label="First name" value=first autocomplete="given-name" />
                            <Field id="last-name" label="Last name" value=last autocomplete="family-name" />
                        </div>
                        <div class="actions">
                            <button type="submit" class="button primary" disabled=move || busy.get()>"Save"</button>
                            <Notice note />
                        </div>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
