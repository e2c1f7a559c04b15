//! `/error?error=CODE&error_description=TEXT`: where the server sends the
//! browser when it cannot trust the client or its redirect URI. Says what
//! went wrong in words, with the technical details folded away.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::app::AuthCard;
use crate::browser;
use crate::messages;

#[component]
pub fn ErrorPage() -> impl IntoView {
    let (code, description) = use_query_map().with_untracked(|q| {
        (
            q.get("error").unwrap_or_default(),
            q.get("error_description").unwrap_or_default(),
        )
    });
    let (title, text) = messages::explain(&code);
    browser::set_title(title);
    let details = (!code.is_empty()).then(|| {
        view! {
            <details class="details">
                <summary>"Technical details"</summary>
                <dl>
                    <dt>"Error code"</dt>
                    <dd><code>{code.clone()}</code></dd>
                    {(!description.is_empty()).then(|| view! {
                        <dt>"Description"</dt>
                        <dd>{description.clone()}</dd>
                    })}
                </dl>
            </details>
        }
    });
    view! {
        <AuthCard>
            <h1>{title}</h1>
            <p class="lead">{text}</p>
            {details}
            <p><a href="/account">"Go to your account"</a></p>
        </AuthCard>
    }
}
