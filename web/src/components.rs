//! Pieces every screen uses: labelled fields, notices, skeletons, a value
//! shown once, and the loading state of data from the API.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, ApiResult};

/// Data from the API as a screen sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

/// Runs `fetch` and puts its result into `into` (also to reload).
pub fn load<T, Fut>(into: RwSignal<Load<T>>, fetch: Fut)
where
    T: Send + Sync + 'static,
    Fut: Future<Output = ApiResult<T>> + 'static,
{
    spawn_local(async move {
        let v = match fetch.await {
            Ok(v) => Load::Ready(v),
            Err(e) => Load::Failed(e),
        };
        into.set(v);
    });
}

/// A message for the user: errors are announced at once (`role=alert`),
/// the rest politely (`role=status`).
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    Error(String),
    Success(String),
}

/// Where a form's outcome is shown. The element is always there (empty
/// when there is nothing to say), so screen readers notice new text.
#[component]
pub fn Notice(note: RwSignal<Option<Note>>) -> impl IntoView {
    view! {
        <div class="notice-slot">
            {move || match note.get() {
                Some(Note::Error(m)) => view! { <p class="notice error" role="alert">{m}</p> }.into_any(),
                Some(Note::Success(m)) => view! { <p class="notice success" role="status">{m}</p> }.into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}

/// A labelled text input bound to `value`.
#[component]
pub fn Field(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = hint.as_ref().map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                name=id.clone()
                id=id
                type=kind
                autocomplete=autocomplete
                required=required
                autofocus=autofocus
                inputmode=numeric.then_some("numeric")
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
        </div>
    }
}

/// A labelled multi-line input (one value per line).
#[component]
pub fn LinesField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described = hint.as_ref().map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                rows="3"
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
        </div>
    }
}

/// A labelled checkbox bound to `checked`.
#[component]
pub fn Check(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    checked: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <div class="check">
            <input
                type="checkbox"
                id=id.clone()
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
        </div>
    }
}

/// A secret the server shows once (client secret, service key, TOTP
/// secret): a read-only field named `label`, selected on focus for copying.
#[component]
pub fn ShownOnce(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(optional, into)] note: Option<String>,
) -> impl IntoView {
    view! {
        <div class="field shown-once">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                readonly=true
                class="mono"
                prop:value=value
                on:focus=move |ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(input) = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        input.select();
                    }
                }
            />
            {note.map(|n| view! { <p class="hint">{n}</p> })}
        </div>
    }
}

/// Grey bars where content will appear: the page keeps its size while
/// loading.
#[component]
pub fn Skeleton(#[prop(default = 3)] lines: usize) -> impl IntoView {
    view! {
        <div class="skeleton-group" aria-busy="true" aria-label="Loading">
            {(0..lines).map(|_| view! { <div class="skeleton skeleton-line"></div> }).collect_view()}
        </div>
    }
}

/// A failed load, with what to do. A 401 means the token expired (or was
/// revoked): sign in again, silently if the browser session lasts.
#[component]
pub fn LoadError(error: ApiError) -> impl IntoView {
    if error.status() == 401 {
        let again = move |_| {
            let _ = crate::auth::begin(&crate::browser::current_path(), true);
        };
        view! {
            <div class="notice error" role="alert">
                <p>"Your session has ended."</p>
                <button type="button" class="button secondary small" on:click=again>"Sign in again"</button>
            </div>
        }
        .into_any()
    } else {
        view! { <p class="notice error" role="alert">{error.describe()}</p> }.into_any()
    }
}

/// The message for a failed action (401 included).
pub fn failure(e: &ApiError) -> Note {
    if e.status() == 401 {
        Note::Error("Your session has ended. Reload the page to sign in again.".into())
    } else {
        Note::Error(e.describe())
    }
}
