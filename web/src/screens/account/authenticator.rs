//! The authenticator app (TOTP): enrollment with the QR code, the
//! `otpauth://` URI and the `Authenticator secret`, confirmed by a
//! `One-time code` and `Verify`; removal with the password or a code.

use auth_api_types::{AuthenticatorStatus, EnrollmentBody, RemovalBody};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::auth::{Auth, use_auth};
use crate::components::{Field, Load, LoadError, Note, Notice, ShownOnce, Skeleton, failure, load};
use crate::messages::{self, format_time};
use crate::screens::focus_soon;

#[component]
pub fn AuthenticatorSection() -> impl IntoView {
    let auth = use_auth();
    let status = RwSignal::new(Load::<AuthenticatorStatus>::Loading);
    let enrollment = RwSignal::new(None::<EnrollmentBody>);
    let note = RwSignal::new(None::<Note>);
    let reload = move || {
        load(
            status,
            async move { api::authenticator(&auth.token()).await },
        )
    };
    reload();

    let start = move |_| {
        note.set(None);
        spawn_local(async move {
            match api::start_enrollment(&auth.token()).await {
                Ok(e) => {
                    enrollment.set(Some(e));
                    focus_soon("enroll-otp");
                }
                Err(e) => note.set(Some(failure(&e))),
            }
        });
    };

    let enrolled = move |ok: bool| {
        enrollment.set(None);
        if ok {
            note.set(Some(Note::Success(
                "Your authenticator app is on. Signing in with your password now also asks for its code.".into(),
            )));
            reload();
        }
    };
    let removed = move || {
        note.set(Some(Note::Success(
            "Your authenticator app is removed.".into(),
        )));
        reload();
    };

    view! {
        <section class="card section" aria-labelledby="totp-heading">
            <h2 id="totp-heading">"Authenticator app"</h2>
            {move || match (status.get(), enrollment.get()) {
                (Load::Loading, _) => view! { <Skeleton lines=2 /> }.into_any(),
                (Load::Failed(e), _) => view! { <LoadError error=e /> }.into_any(),
                (_, Some(e)) => view! { <Enroll auth enrollment=e done=enrolled /> }.into_any(),
                (Load::Ready(s), None) if s.enabled => view! {
                    <p>
                        "Your authenticator app is on"
                        {s.enabled_at.map(|t| format!(" (since {})", format_time(t)))}
                        ". Signing in with your password also asks for its code."
                    </p>
                    <Remove auth done=removed />
                }.into_any(),
                (Load::Ready(_), None) => view! {
                    <p>"Add an authenticator app to your phone for a second step when you sign in with your password."</p>
                    <button type="button" class="button primary" on:click=start>"Set up authenticator app"</button>
                }.into_any(),
            }}
            <Notice note />
        </section>
    }
}

/// Scan or type the secret, then prove it with a code.
#[component]
fn Enroll(
    auth: Auth,
    enrollment: EnrollmentBody,
    done: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let note = RwSignal::new(None::<Note>);
    let busy = RwSignal::new(false);
    let verify = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        note.set(None);
        let otp = code.get_untracked().replace(' ', "");
        spawn_local(async move {
            match api::confirm_enrollment(&auth.token(), &otp).await {
                Ok(_) => done(true),
                Err(e) => {
                    busy.set(false);
                    code.set(String::new());
                    let n = if e.code() == "invalid_otp" {
                        Note::Error(messages::WRONG_CODE.into())
                    } else {
                        failure(&e)
                    };
                    note.set(Some(n));
                }
            }
        });
    };
    view! {
        <div class="enroll">
            <ol class="steps">
                <li>
                    <p>"Scan this code with your authenticator app:"</p>
                    <img class="qr" src=enrollment.qr_png.clone() alt="QR code for your authenticator app" width="200" height="200" />
                </li>
                <li>
                    <p>"Or enter the secret (or open the setup link) by hand:"</p>
                    <ShownOnce id="totp-secret" label="Authenticator secret" value=enrollment.secret.clone() />
                    <ShownOnce id="totp-uri" label="Setup link" value=enrollment.otpauth_uri.clone() />
                </li>
                <li>
                    <form class="stack" on:submit=verify>
                        <Field id="enroll-otp" label="One-time code" value=code autocomplete="one-time-code" numeric=true required=true
                            hint="The 6-digit code the app shows now." />
                        <Notice note />
                        <div class="actions">
                            <button type="submit" class="button primary" disabled=move || busy.get()>"Verify"</button>
                            <button type="button" class="button secondary" on:click=move |_| done(false)>"Cancel"</button>
                        </div>
                    </form>
                </li>
            </ol>
        </div>
    }
}

/// Removal: the account's password or a current code proves the owner.
#[component]
fn Remove(auth: Auth, done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let note = RwSignal::new(None::<Note>);
    let busy = RwSignal::new(false);
    let remove = move |ev: SubmitEvent| {
        ev.prevent_default();
        let proof = RemovalBody {
            password: Some(password.get_untracked()).filter(|p| !p.is_empty()),
            otp: Some(code.get_untracked().replace(' ', "")).filter(|c| !c.is_empty()),
        };
        if proof.password.is_none() && proof.otp.is_none() {
            note.set(Some(Note::Error(
                "Enter your password or a current code.".into(),
            )));
            return;
        }
        busy.set(true);
        note.set(None);
        spawn_local(async move {
            match api::remove_authenticator(&auth.token(), &proof).await {
                Ok(()) => done(),
                Err(e) => {
                    busy.set(false);
                    let n = match e.code() {
                        "invalid_password" => Note::Error("That password is not right.".into()),
                        "invalid_otp" => Note::Error(messages::WRONG_CODE.into()),
                        _ => failure(&e),
                    };
                    note.set(Some(n));
                }
            }
        });
    };
    view! {
        <form class="stack remove-totp" on:submit=remove>
            <h3>"Remove it"</h3>
            <p class="hint">"Enter your password or a current code from the app."</p>
            <div class="row">
                <Field id="remove-password" label="Password" kind="password" value=password autocomplete="current-password" />
                <Field id="remove-otp" label="One-time code" value=code autocomplete="one-time-code" numeric=true />
            </div>
            <Notice note />
            <div class="actions">
                <button type="submit" class="button danger" disabled=move || busy.get()>"Remove authenticator"</button>
            </div>
        </form>
    }
}
