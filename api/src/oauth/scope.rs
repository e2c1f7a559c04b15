//! Scopes (RFC 6749 §3.3), the scope catalogue and policy levels.

use std::collections::BTreeMap;
use std::fmt;

use super::error::OAuthError;

/// The level chosen per scope that has levels: `{"profile": "basic"}`.
pub type Policies = BTreeMap<String, String>;

/// A set of scope tokens in the order first given, without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScopeSet(Vec<String>);

impl ScopeSet {
    /// RFC 6749 §3.3: space-delimited, case-sensitive tokens of
    /// `%x21 / %x23-5B / %x5D-7E`. Runs of spaces are tolerated.
    pub fn parse(s: &str) -> Result<Self, OAuthError> {
        let mut out: Vec<String> = Vec::new();
        for token in s.split(' ').filter(|t| !t.is_empty()) {
            let valid = token
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b));
            if !valid || token.len() > 128 {
                return Err(OAuthError::invalid_scope("scope contains an invalid token"));
            }
            if !out.iter().any(|t| t == token) {
                out.push(token.to_string());
            }
        }
        Ok(Self(out))
    }

    /// Parses what we stored ourselves; tokens were validated on the way in.
    pub fn from_stored(s: &str) -> Self {
        Self::parse(s).unwrap_or_default()
    }

    pub fn contains(&self, scope: &str) -> bool {
        self.0.iter().any(|s| s == scope)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn is_subset_of(&self, other: &ScopeSet) -> bool {
        self.0.iter().all(|s| other.contains(s))
    }

    /// The first token of `self` missing from `other`.
    pub fn first_missing_from<'a>(&'a self, other: &ScopeSet) -> Option<&'a str> {
        self.0
            .iter()
            .find(|s| !other.contains(s))
            .map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(" "))
    }
}

/// One scope of the catalogue, as the consent screen shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeDef {
    pub name: String,
    pub description: String,
    /// Level names, least to most; empty for a scope without levels.
    pub levels: Vec<String>,
    pub default_level: Option<String>,
    /// `openid` cannot be unticked.
    pub required: bool,
}

#[derive(Clone, Debug)]
pub struct ScopeCatalogue {
    scopes: Vec<ScopeDef>,
}

impl Default for ScopeCatalogue {
    /// The contract's default catalogue.
    fn default() -> Self {
        let plain = |name: &str, description: &str| ScopeDef {
            name: name.into(),
            description: description.into(),
            levels: vec![],
            default_level: None,
            required: false,
        };
        let mut openid = plain("openid", "Sign you in with your account");
        openid.required = true;
        let profile = ScopeDef {
            levels: vec!["basic".into(), "full".into()],
            default_level: Some("basic".into()),
            ..plain("profile", "Your name and username")
        };
        Self {
            scopes: vec![
                openid,
                profile,
                plain("email", "Your email address"),
                plain("roles", "Your roles"),
                plain("offline_access", "Stay signed in when you are away"),
                plain("account", "Manage your account"),
            ],
        }
    }
}

impl ScopeCatalogue {
    pub fn get(&self, name: &str) -> Option<&ScopeDef> {
        self.scopes.iter().find(|s| s.name == name)
    }

    pub fn all(&self) -> &[ScopeDef] {
        &self.scopes
    }

    /// The policies of a grant made without a consent screen: each granted
    /// scope that has levels at its default level.
    pub fn default_policies(&self, scope: &ScopeSet) -> Policies {
        scope
            .iter()
            .filter_map(|s| {
                let def = self.get(s)?;
                Some((s.to_string(), def.default_level.clone()?))
            })
            .collect()
    }
}

/// Narrows stored policies to the scopes still granted.
pub fn policies_for(policies: &Policies, scope: &ScopeSet) -> Policies {
    policies
        .iter()
        .filter(|(k, _)| scope.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_dedupe_and_keep_order() {
        let s = ScopeSet::parse("openid  profile openid email").unwrap();
        assert_eq!(s.to_string(), "openid profile email");
        assert!(s.contains("profile"));
        assert!(!s.contains("Profile"), "scopes are case-sensitive");
    }

    #[test]
    fn invalid_scope_tokens_are_refused() {
        for bad in ["a\"b", "a\\b", "caf\u{e9}", "tab\there"] {
            let err = ScopeSet::parse(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_scope", "{bad:?}");
        }
    }

    #[test]
    fn subsets_and_the_first_missing_scope() {
        let granted = ScopeSet::parse("openid profile").unwrap();
        let asked = ScopeSet::parse("profile email").unwrap();
        assert!(!asked.is_subset_of(&granted));
        assert_eq!(asked.first_missing_from(&granted), Some("email"));
        assert!(ScopeSet::parse("openid").unwrap().is_subset_of(&granted));
    }

    #[test]
    fn default_policies_pick_the_default_level_of_levelled_scopes() {
        let cat = ScopeCatalogue::default();
        let p = cat.default_policies(&ScopeSet::parse("openid profile email").unwrap());
        assert_eq!(p.len(), 1);
        assert_eq!(p["profile"], "basic");
        assert!(cat.get("openid").unwrap().required);
        assert!(cat.get("account").unwrap().levels.is_empty());
    }
}
