//! The bodies of the auth-server API that more than one side speaks: the
//! server's HTTP layer (with feature `openapi`, which derives the OpenAPI
//! schemas from these very structs) and the SPA in `web/` (without it).
//! One definition, so the SPA cannot drift from `openapi/openapi.json`.
//!
//! Every struct derives serde's traits, and with `openapi`
//! `poem_openapi::Object`; the serde attributes say the same as the `oai`
//! ones (`rename`, `default`, `skip_serializing_if`), since poem-openapi
//! does not read serde's. Types holding a secret (a password, a token, a
//! client secret) do not derive `Debug`.

pub mod account;
pub mod admin;
pub mod authenticator;
pub mod error;
pub mod interaction;
pub mod token;

pub use account::{ConnectedApp, Profile, ProfileChange};
pub use admin::audit::{AuditEntry, AuditPage};
pub use admin::clients::{ClientChange, ClientView, CreatedClient, NewClient, NewSecret};
pub use admin::roles::{NewRole, Role, RoleChange};
pub use admin::service_keys::{CreatedKey, NewServiceKey, ServiceKeyView};
pub use admin::users::{AdminUser, NewUser, UserChange};
pub use authenticator::{AuthenticatorStatus, CodeBody, Confirmed, EnrollmentBody, RemovalBody};
pub use error::ErrorBody;
pub use interaction::{
    ConsentInput, Interaction, InteractionAnswer, InteractionClient, LoginInput, NextStep,
    OtpInput, RedirectTo, ScopeInfo, Step,
};
pub use token::TokenBody;

#[cfg(test)]
#[cfg(feature = "openapi")]
mod drift;
