//! The protocol: client authentication, grants, tokens, revocation,
//! introspection, logout and userinfo. Plain Rust values in, typed results
//! out; nothing here knows about HTTP.

pub mod authorize;
pub mod bearer;
pub mod client_auth;
pub mod codes;
pub mod discovery;
pub mod end_session;
pub mod error;
pub mod grants;
pub mod interaction;
pub mod introspect;
pub mod issue;
pub mod logout;
pub mod pkce;
pub mod redirect;
pub mod revoke;
pub mod tokens;
pub mod userinfo;
