//! `/admin/audit`: the audit log, newest first, filtered by user, client,
//! event and time, paged by cursor.

use auth_api_types::AuditPage;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api;
use crate::auth::use_auth;
use crate::browser;
use crate::components::{Field, Load, LoadError, Skeleton, load};
use crate::messages::{format_time, parse_time};

#[component]
pub fn Audit() -> impl IntoView {
    browser::set_title("Audit log · Admin");
    let auth = use_auth();
    let page = RwSignal::new(Load::<AuditPage>::Loading);
    let user = RwSignal::new(String::new());
    let client = RwSignal::new(String::new());
    let event = RwSignal::new(String::new());
    let since = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let limit = RwSignal::new("50".to_string());
    // Cursors of the pages before this one ("Newer entries" pops).
    let trail = RwSignal::new(Vec::<String>::new());
    let cursor = RwSignal::new(String::new());

    let fetch = move || {
        let time = |s: RwSignal<String>| {
            parse_time(&s.get_untracked())
                .map(|t| t.to_string())
                .unwrap_or_default()
        };
        let filters = vec![
            ("user", user.get_untracked().trim().to_string()),
            ("client", client.get_untracked().trim().to_string()),
            ("event", event.get_untracked().trim().to_string()),
            ("since", time(since)),
            ("until", time(until)),
            ("limit", limit.get_untracked()),
            ("cursor", cursor.get_untracked()),
        ];
        page.set(Load::Loading);
        load(
            page,
            async move { api::audit(&auth.token(), &filters).await },
        );
    };
    fetch();

    let apply = move |ev: SubmitEvent| {
        ev.prevent_default();
        trail.set(vec![]);
        cursor.set(String::new());
        fetch();
    };
    let older = move |next: String| {
        trail.update(|t| t.push(cursor.get_untracked()));
        cursor.set(next);
        fetch();
    };
    let newer = move |_| {
        let mut t = trail.get_untracked();
        cursor.set(t.pop().unwrap_or_default());
        trail.set(t);
        fetch();
    };

    view! {
        <section class="section" aria-labelledby="audit-heading">
            <h2 id="audit-heading">"Audit log"</h2>
            <form class="card filters" on:submit=apply aria-label="Filters">
                <Field id="audit-user" label="User ID" value=user />
                <Field id="audit-client" label="Client or key ID" value=client />
                <Field id="audit-event" label="Event" value=event hint="e.g. login.failed" />
                <Field id="audit-since" label="Since (UTC)" kind="datetime-local" value=since />
                <Field id="audit-until" label="Until (UTC)" kind="datetime-local" value=until />
                <div class="field">
                    <label for="audit-limit">"Per page"</label>
                    <select id="audit-limit" prop:value=move || limit.get() on:change=move |ev| limit.set(event_target_value(&ev))>
                        <option value="25">"25"</option>
                        <option value="50" selected=true>"50"</option>
                        <option value="100">"100"</option>
                    </select>
                </div>
                <div class="actions"><button type="submit" class="button primary">"Apply filters"</button></div>
            </form>
            {move || match page.get() {
                Load::Loading => view! { <Skeleton lines=6 /> }.into_any(),
                Load::Failed(e) => view! { <LoadError error=e /> }.into_any(),
                Load::Ready(p) if p.entries.is_empty() => view! { <p class="muted">"No entries match."</p> }.into_any(),
                Load::Ready(p) => {
                    let next = p.next_cursor.clone();
                    view! {
                        <div class="table-wrap">
                            <table class="audit">
                                <thead><tr>
                                    <th scope="col">"Time"</th><th scope="col">"Event"</th><th scope="col">"Actor"</th>
                                    <th scope="col">"User"</th><th scope="col">"Client"</th><th scope="col">"Address"</th>
                                    <th scope="col">"Detail"</th>
                                </tr></thead>
                                <tbody>
                                    {p.entries.into_iter().map(|e| view! {
                                        <tr>
                                            <td class="nowrap">{format_time(e.at)}</td>
                                            <td><code>{e.event}</code></td>
                                            <td class="mono">{e.actor}</td>
                                            <td class="mono">{e.user_id.unwrap_or_default()}</td>
                                            <td class="mono">{e.client_id.unwrap_or_default()}</td>
                                            <td class="mono">{e.ip.unwrap_or_default()}</td>
                                            <td class="mono detail">{e.detail.to_string()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <div class="pager">
                            <button type="button" class="button secondary small" disabled=move || trail.with(Vec::is_empty)
                                on:click=newer>"Newer entries"</button>
                            <button type="button" class="button secondary small" disabled=next.is_none()
                                on:click=move |_| if let Some(n) = next.clone() { older(n) }>"Older entries"</button>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
