//! Scopes (RFC 6749 §3.3), the scope catalogue and policy levels: what a
//! client may ask for, what a user may grant, and at which level.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// The level chosen per scope that has levels: `{"profile": "basic"}`.
pub type Policies = BTreeMap<String, String>;

/// More scope names than any client registers; a request naming more is
/// refused before it costs anything (a 64 KiB body of distinct names would
/// otherwise be a CPU sink).
pub const MAX_SCOPES: usize = 100;
/// The longest scope name accepted.
const MAX_SCOPE_LEN: usize = 128;

/// The scope administrators ask for to use `/api/admin/*`.
pub const ADMIN_SCOPE: &str = "admin";
/// The role a user needs before [`ADMIN_SCOPE`] is granted to them.
pub const ADMIN_ROLE: &str = "admin";

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("scope contains an invalid token")]
    InvalidToken,
    #[error("scope names more than 100 scopes")]
    TooMany,
}

/// A set of scope tokens in the order first given, without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScopeSet(Vec<String>);

impl ScopeSet {
    /// RFC 6749 §3.3: space-delimited, case-sensitive tokens of
    /// `%x21 / %x23-5B / %x5D-7E`. Runs of spaces are tolerated. Linear in
    /// the input, and it stops at the first token past [`MAX_SCOPES`].
    pub fn parse(s: &str) -> Result<Self, ScopeError> {
        let mut out: Vec<String> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for token in s.split(' ').filter(|t| !t.is_empty()) {
            let valid = token.len() <= MAX_SCOPE_LEN
                && token
                    .bytes()
                    .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b));
            if !valid {
                return Err(ScopeError::InvalidToken);
            }
            if seen.insert(token) {
                if out.len() == MAX_SCOPES {
                    return Err(ScopeError::TooMany);
                }
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

    /// The tokens of `self` that `other` also has, in `self`'s order.
    pub fn intersection(&self, other: &ScopeSet) -> ScopeSet {
        ScopeSet(
            self.0
                .iter()
                .filter(|s| other.contains(s))
                .cloned()
                .collect(),
        )
    }

    /// `self` without `scope`.
    pub fn without(mut self, scope: &str) -> ScopeSet {
        self.0.retain(|s| s != scope);
        self
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

/// What a user with these roles may be granted of `scope`: everything but
/// [`ADMIN_SCOPE`], which only admins get. It is left out silently, as the
/// contract says, so a client asking every user for `admin` still works
/// for those who are not admins.
pub fn grantable_to(scope: ScopeSet, roles: &[String]) -> ScopeSet {
    if roles.iter().any(|r| r == ADMIN_ROLE) {
        scope
    } else {
        scope.without(ADMIN_SCOPE)
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
                plain(ADMIN_SCOPE, "Administer this server"),
            ],
        }
    }
}

/// A scope as configured (`SCOPES_FILE`, `EXTRA_SCOPES`): JSON objects
/// `{"name", "description", "levels"?, "default_level"?}`.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfiguredScope {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub levels: Vec<String>,
    pub default_level: Option<String>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("not a JSON array of scopes ({0})")]
    Json(String),
    #[error("scope {0:?}: {1}")]
    Invalid(String, &'static str),
}

impl ScopeCatalogue {
    /// The default catalogue with `extra` added; an entry naming a default
    /// scope replaces its description and levels (`openid` and `admin`
    /// keep their meaning and cannot be redefined).
    pub fn with(mut self, extra: Vec<ConfiguredScope>) -> Result<Self, CatalogueError> {
        for c in extra {
            let bad = |why| CatalogueError::Invalid(c.name.clone(), why);
            if ScopeSet::parse(&c.name).map(|s| s.iter().count()) != Ok(1) {
                return Err(bad("the name must be one scope token"));
            }
            if c.name == "openid" || c.name == ADMIN_SCOPE {
                return Err(bad("this scope cannot be redefined"));
            }
            if c.description.trim().is_empty() || c.description.chars().count() > 200 {
                return Err(bad("the description must be 1 to 200 characters"));
            }
            let mut levels = c.levels.clone();
            levels.dedup();
            if levels.len() != c.levels.len() || levels.iter().any(|l| l.is_empty()) {
                return Err(bad("levels must be distinct, non-empty names"));
            }
            let default_level = match (&c.default_level, levels.first()) {
                (Some(d), _) if !levels.contains(d) => {
                    return Err(bad("default_level must be one of the levels"));
                }
                (Some(d), _) => Some(d.clone()),
                (None, first) => first.cloned(),
            };
            let def = ScopeDef {
                name: c.name.clone(),
                description: c.description.trim().to_string(),
                levels,
                default_level,
                required: false,
            };
            match self.scopes.iter_mut().find(|s| s.name == c.name) {
                Some(existing) => *existing = def,
                None => self.scopes.push(def),
            }
        }
        Ok(self)
    }

    /// Parses a JSON array of [`ConfiguredScope`]s.
    pub fn parse_extra(json: &str) -> Result<Vec<ConfiguredScope>, CatalogueError> {
        serde_json::from_str(json).map_err(|e| CatalogueError::Json(e.to_string()))
    }

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
            assert_eq!(
                ScopeSet::parse(bad),
                Err(ScopeError::InvalidToken),
                "{bad:?}"
            );
        }
        assert_eq!(
            ScopeSet::parse(&"x".repeat(129)),
            Err(ScopeError::InvalidToken)
        );
    }

    #[test]
    fn a_scope_of_thousands_of_distinct_names_is_refused_at_the_cap() {
        // 64 KiB of distinct names: refused after the 101st, not parsed whole.
        let many: Vec<String> = (0..9000).map(|i| format!("s{i}")).collect();
        let started = std::time::Instant::now();
        assert_eq!(ScopeSet::parse(&many.join(" ")), Err(ScopeError::TooMany));
        assert!(started.elapsed() < std::time::Duration::from_millis(50));
        // Exactly the cap is fine, and repeats do not count against it.
        let cap = many[..MAX_SCOPES].join(" ");
        let parsed = ScopeSet::parse(&format!("{cap} {cap}")).unwrap();
        assert_eq!(parsed.iter().count(), MAX_SCOPES);
    }

    #[test]
    fn subsets_intersections_and_the_first_missing_scope() {
        let granted = ScopeSet::parse("openid profile").unwrap();
        let asked = ScopeSet::parse("profile email").unwrap();
        assert!(!asked.is_subset_of(&granted));
        assert_eq!(asked.first_missing_from(&granted), Some("email"));
        assert!(ScopeSet::parse("openid").unwrap().is_subset_of(&granted));
        assert_eq!(asked.intersection(&granted).to_string(), "profile");
    }

    #[test]
    fn the_admin_scope_is_granted_to_admins_only() {
        let asked = ScopeSet::parse("openid admin profile").unwrap();
        let user = grantable_to(asked.clone(), &["user".to_string()]);
        assert_eq!(user.to_string(), "openid profile");
        let admin = grantable_to(asked, &["admin".to_string()]);
        assert_eq!(admin.to_string(), "openid admin profile");
    }

    #[test]
    fn configured_scopes_are_added_or_replace_defaults_but_not_openid_or_admin() {
        let extra = ScopeCatalogue::parse_extra(
            r#"[{"name": "invoices", "description": "Your invoices", "levels": ["read", "write"]},
                {"name": "email", "description": "Your e-mail address"}]"#,
        )
        .unwrap();
        let cat = ScopeCatalogue::default().with(extra).unwrap();
        let inv = cat.get("invoices").unwrap();
        assert_eq!(inv.levels, ["read", "write"]);
        assert_eq!(inv.default_level.as_deref(), Some("read"));
        assert_eq!(cat.get("email").unwrap().description, "Your e-mail address");
        for bad in [
            r#"[{"name": "openid", "description": "x"}]"#,
            r#"[{"name": "two words", "description": "x"}]"#,
            r#"[{"name": "a", "description": ""}]"#,
            r#"[{"name": "a", "description": "x", "levels": ["r"], "default_level": "w"}]"#,
            r#"[{"name": "a", "description": "x", "colour": "red"}]"#,
        ] {
            let parsed = ScopeCatalogue::parse_extra(bad);
            assert!(
                parsed.is_err() || ScopeCatalogue::default().with(parsed.unwrap()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn default_policies_pick_the_default_level_of_levelled_scopes() {
        let cat = ScopeCatalogue::default();
        let p = cat.default_policies(&ScopeSet::parse("openid profile email").unwrap());
        assert_eq!(p.len(), 1);
        assert_eq!(p["profile"], "basic");
        assert!(cat.get("openid").unwrap().required);
        assert!(cat.get("account").unwrap().levels.is_empty());
        assert_eq!(
            cat.get("admin").unwrap().description,
            "Administer this server"
        );
    }
}
