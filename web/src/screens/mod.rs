//! One module per screen.

pub mod account;
pub mod admin;
pub mod callback;
pub mod consent;
pub mod error;
pub mod login;

use std::time::Duration;

use leptos::prelude::set_timeout;

use crate::browser;

/// Focus `id` once the DOM shows it (after the signal change that
/// renders it).
pub fn focus_soon(id: &'static str) {
    set_timeout(move || browser::focus(id), Duration::from_millis(0));
}
