//! The protocol: client authentication, grants, tokens, revocation,
//! introspection, logout and userinfo. Plain Rust values in, typed results
//! out; nothing here knows about HTTP.

pub mod bearer;
pub mod client_auth;
pub mod discovery;
pub mod error;
pub mod grants;
pub mod introspect;
pub mod issue;
pub mod logout;
pub mod revoke;
pub mod tokens;
pub mod userinfo;
