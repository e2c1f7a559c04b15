//! The interaction API (`/api/interaction/{id}`): what a login UI reads
//! and posts while `/oauth2/authorize` waits for the user (sign-in, the
//! one-time code, consent). The server's endpoints and the SPA both use
//! these types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What the user has to do next in an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
#[cfg_attr(feature = "openapi", oai(rename_all = "lowercase"))]
#[serde(rename_all = "lowercase")]
pub enum Step {
    /// Username and password.
    #[default]
    Login,
    /// The one-time code of the user's authenticator app.
    Otp,
    /// Approve (or deny) the scopes the client asks for.
    Consent,
}

/// The client asking for authorization.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct InteractionClient {
    pub client_id: String,
    /// The name shown to the user.
    pub name: String,
}

/// A requested scope as the consent screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct ScopeInfo {
    /// e.g. `profile`.
    pub name: String,
    /// What granting it allows, for the user.
    pub description: String,
    /// Cannot be unticked (`openid`).
    pub required: bool,
    /// The policy levels the user may choose from, e.g. `["basic", "full"]`;
    /// empty for a scope without levels.
    pub levels: Vec<String>,
    /// The level preselected; null for a scope without levels.
    pub default_level: Option<String>,
}

/// `GET /api/interaction/{id}`: a pending authorization request; `next`
/// is what the user has to do next.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct Interaction {
    pub id: String,
    pub client: InteractionClient,
    /// The scopes requested, in the order to show them.
    pub scopes: Vec<ScopeInfo>,
    // What the user has to do next: a plain `//` comment, because a doc
    // comment on a field of a named type makes poem-openapi wrap the
    // reference in an `allOf`, which client generators cannot use for an
    // enum (the type's own doc says it).
    pub next: Step,
    /// Send back as `X-CSRF-Token` on every POST of this interaction.
    pub csrf_token: String,
    /// The user, once known (after the password step).
    #[cfg_attr(feature = "openapi", oai(skip_serializing_if_is_none))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `POST /api/interaction/{id}/login`.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct LoginInput {
    pub username: String,
    #[cfg_attr(feature = "openapi", oai(write_only))]
    pub password: String,
}

/// `POST /api/interaction/{id}/otp`.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct OtpInput {
    /// The 6-digit code the authenticator app shows now.
    #[cfg_attr(feature = "openapi", oai(write_only))]
    pub otp: String,
}

/// `POST /api/interaction/{id}/consent`: the scopes the user leaves ticked
/// and the level chosen per levelled scope.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct ConsentInput {
    /// e.g. `["openid", "profile"]`; `openid` is always granted.
    pub scopes: Vec<String>,
    /// e.g. `{"profile": "full"}`; a levelled scope without an entry gets
    /// its default level.
    #[cfg_attr(feature = "openapi", oai(default))]
    #[serde(default)]
    pub policies: BTreeMap<String, String>,
}

/// `{"redirect_to": URL}`: the interaction is over; the browser goes there.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct RedirectTo {
    pub redirect_to: String,
}

/// `{"next": "otp" | "consent"}`: another step is due in the same
/// interaction.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct NextStep {
    pub next: Step,
}

/// The answer of every interaction POST: either where to go, or the next
/// step (untagged: the JSON is the inner object).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Union))]
#[cfg_attr(feature = "openapi", oai(one_of))]
#[serde(untagged)]
pub enum InteractionAnswer {
    Redirect(RedirectTo),
    Next(NextStep),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_the_bare_objects() {
        let r = InteractionAnswer::Redirect(RedirectTo {
            redirect_to: "https://rp/cb?code=x".into(),
        });
        assert_eq!(
            serde_json::to_string(&r).unwrap_or_default(),
            r#"{"redirect_to":"https://rp/cb?code=x"}"#
        );
        let n: Result<InteractionAnswer, _> = serde_json::from_str(r#"{"next":"otp"}"#);
        assert!(matches!(
            n,
            Ok(InteractionAnswer::Next(NextStep { next: Step::Otp }))
        ));
    }

    #[test]
    fn an_interaction_reads_as_the_contract_writes_it() {
        let json = r#"{"id":"i1","client":{"client_id":"c","name":"Demo"},
            "scopes":[{"name":"openid","description":"Sign you in","required":true,"levels":[],"default_level":null},
                      {"name":"profile","description":"Your name","required":false,"levels":["basic","full"],"default_level":"basic"}],
            "next":"consent","csrf_token":"t","username":"alice"}"#;
        let i: Interaction = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(i.next, Step::Consent);
        assert_eq!(i.username.as_deref(), Some("alice"));
        assert_eq!(i.scopes[1].default_level.as_deref(), Some("basic"));
        assert!(i.scopes[0].required && i.scopes[0].levels.is_empty());
    }
}
