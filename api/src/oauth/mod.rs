//! The protocol: client authentication, grants, tokens, scopes, revocation,
//! introspection and userinfo. Plain Rust values in, typed results out;
//! nothing here knows about HTTP.

pub mod bearer;
pub mod client_auth;
pub mod discovery;
pub mod error;
pub mod grants;
pub mod introspect;
pub mod issue;
pub mod revoke;
pub mod scope;
pub mod tokens;
pub mod userinfo;
