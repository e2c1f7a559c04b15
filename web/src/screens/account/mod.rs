//! `/account`: the signed-in user's profile, authenticator app and
//! connected apps.

mod apps;
mod authenticator;
mod profile;

use leptos::prelude::*;

use crate::app::{Shell, Signed};
use crate::browser;

#[component]
pub fn Account() -> impl IntoView {
    browser::set_title("Your account");
    view! {
        <Signed>
            <Shell>
                <h1>"Your account"</h1>
                <profile::ProfileSection />
                <authenticator::AuthenticatorSection />
                <apps::AppsSection />
            </Shell>
        </Signed>
    }
}
