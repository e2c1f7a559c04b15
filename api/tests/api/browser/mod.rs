//! The SPA in real Chromium against the real server (see `harness`).
//! `screens` runs on any build; `flows` drives the authorization-code flow
//! through the interaction API of issue 11 and is ignored until that is
//! merged (`cargo test --test api browser -- --include-ignored`).

mod flows;
pub mod harness;
pub mod rp;
mod screens;
mod setup;
