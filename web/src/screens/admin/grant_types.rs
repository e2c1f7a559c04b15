//! The grant-type checkboxes of the client forms.

use leptos::prelude::*;

pub const GRANT_TYPES: [(&str, &str); 4] = [
    (
        "authorization_code",
        "sign-in through the browser (with PKCE)",
    ),
    ("refresh_token", "renewing tokens without the user"),
    ("client_credentials", "the client acting for itself"),
    (
        "password",
        "username and password sent by the client (legacy)",
    ),
];

/// One checkbox per grant type; `selected` holds the ticked ones.
#[component]
pub fn GrantTypes(#[prop(into)] prefix: String, selected: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>"Grant types"</legend>
            {GRANT_TYPES.iter().map(|(g, what)| {
                let id = format!("{prefix}-grant-{g}");
                let hint_id = format!("{id}-hint");
                let g = g.to_string();
                let (g1, g2) = (g.clone(), g.clone());
                view! {
                    <div class="check">
                        <input
                            type="checkbox"
                            id=id.clone()
                            aria-describedby=hint_id.clone()
                            prop:checked=move || selected.with(|s| s.contains(&g1))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    s.retain(|x| *x != g2);
                                    if on { s.push(g2.clone()); }
                                });
                            }
                        />
                        <label for=id class="mono">{g.clone()}</label>
                        <span class="hint" id=hint_id>{*what}</span>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
