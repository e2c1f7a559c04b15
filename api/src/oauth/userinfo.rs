//! OIDC Core §5.3: the claims about the user that the granted scopes and
//! policy levels release (§5.4 maps scopes to claims).

use serde::Serialize;

use crate::domain::scopes::{Policies, ScopeSet};
use crate::storage::UserRecord;

/// OIDC Core §5.1 standard claims we hold, plus `roles`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UserClaims {
    pub sub: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
}

/// `profile` at level `basic` releases the username and display name;
/// at `full` also the name parts and `updated_at`.
pub fn claims_for(user: &UserRecord, scope: &ScopeSet, policies: &Policies) -> UserClaims {
    let mut c = UserClaims {
        sub: user.id.clone(),
        ..UserClaims::default()
    };
    if scope.contains("profile") {
        let full = policies.get("profile").is_some_and(|l| l == "full");
        c.preferred_username = Some(user.username.clone());
        c.name = Some(
            format!("{} {}", user.first_name, user.last_name)
                .trim()
                .to_string(),
        );
        if full {
            c.given_name = Some(user.first_name.clone());
            c.family_name = Some(user.last_name.clone());
            c.updated_at = Some(user.updated_at);
        }
    }
    if scope.contains("email") {
        c.email = Some(user.email.clone());
        c.email_verified = Some(user.email_verified);
    }
    if scope.contains("roles") {
        c.roles = Some(user.roles.clone());
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alice() -> UserRecord {
        UserRecord {
            id: "u1".into(),
            username: "alice".into(),
            email: "alice@example.com".into(),
            email_verified: false,
            first_name: "Alice".into(),
            last_name: "Liddell".into(),
            password_hash: "x".into(),
            disabled: false,
            created_at: 1,
            updated_at: 2,
            roles: vec!["user".into()],
            totp_enabled: false,
        }
    }

    fn level(l: &str) -> Policies {
        Policies::from([("profile".to_string(), l.to_string())])
    }

    #[test]
    fn claims_follow_scopes_and_the_profile_level() {
        let basic = claims_for(
            &alice(),
            &ScopeSet::parse("openid profile").unwrap(),
            &level("basic"),
        );
        assert_eq!(basic.preferred_username.as_deref(), Some("alice"));
        assert_eq!(basic.name.as_deref(), Some("Alice Liddell"));
        assert_eq!(basic.given_name, None);
        assert_eq!(basic.email, None);
        let full = claims_for(
            &alice(),
            &ScopeSet::parse("openid profile email roles").unwrap(),
            &level("full"),
        );
        assert_eq!(full.family_name.as_deref(), Some("Liddell"));
        assert_eq!(full.email.as_deref(), Some("alice@example.com"));
        assert_eq!(full.roles, Some(vec!["user".to_string()]));
        let none = claims_for(
            &alice(),
            &ScopeSet::parse("openid").unwrap(),
            &Policies::new(),
        );
        assert_eq!(
            none,
            UserClaims {
                sub: "u1".into(),
                ..UserClaims::default()
            }
        );
    }
}
