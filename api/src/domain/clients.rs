//! Client registration (RFC 6749 §2, RFC 7591 §2 metadata rules): what a
//! client may be, checked before it is stored.

use super::audit::{Entry, Event};
use super::context::Context;
use super::error::ApiError;
use super::scopes::ScopeSet;
use super::uris::{dedup, origin_of, validate_origin, validate_redirect_uri};
use crate::secrets::{PlainSecret, random_id};
use crate::storage::{ClientRecord, ClientType, ClientUpdate, GrantType, Store};

pub const DEFAULT_CLIENT_SCOPE: &str = "openid profile email roles offline_access";

pub struct ClientRegistration {
    /// Chosen by the caller (the SPA's `web`), or generated.
    pub id: Option<String>,
    pub name: String,
    /// As sent: `confidential` or `public`.
    pub client_type: String,
    /// As sent: names of [`GrantType`]s.
    pub grant_types: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    /// `None`: the origins of the redirect URIs.
    pub allowed_origins: Option<Vec<String>>,
    pub scope: Option<String>,
    pub skip_consent: bool,
}

pub struct RegisteredClient {
    pub client: ClientRecord,
    /// Shown once, for confidential clients.
    pub secret: Option<PlainSecret>,
}

/// Validates and stores a new client.
pub async fn register_client(
    store: &Store,
    ctx: &Context,
    reg: ClientRegistration,
) -> Result<RegisteredClient, ApiError> {
    let client = validated_record(reg, ctx.now)?;
    let secret = client
        .is_confidential()
        .then(|| PlainSecret::generate("cs_"));
    let client = ClientRecord {
        secret_hash: secret.as_ref().map(|s| s.hash().as_str().to_string()),
        ..client
    };
    store.insert_client(&client).await?;
    ctx.record(
        Entry::new(Event::ClientRegistered)
            .client(&client.id)
            .with("type", client.client_type.as_str())
            .with("grant_types", grant_names(&client.grant_types))
            .with("scope", client.scope.as_str()),
    )
    .await;
    Ok(RegisteredClient { client, secret })
}

pub(super) fn grant_names(grants: &[GrantType]) -> Vec<&'static str> {
    grants.iter().map(|g| g.as_str()).collect()
}

/// `confidential` or `public`.
pub fn parse_client_type(s: &str) -> Result<ClientType, ApiError> {
    s.parse()
        .map_err(|_| ApiError::invalid_request("type must be confidential or public"))
}

/// Grant type names, deduplicated, each one this server implements.
pub fn parse_grant_types(names: &[String]) -> Result<Vec<GrantType>, ApiError> {
    let mut out: Vec<GrantType> = Vec::with_capacity(names.len());
    for name in names {
        let g: GrantType = name.parse().map_err(|_| {
            let all: Vec<&str> = GrantType::ALL.iter().map(|g| g.as_str()).collect();
            ApiError::invalid_request(format!(
                "unsupported grant type {name:?}; expected one of {}",
                all.join(", ")
            ))
        })?;
        if !out.contains(&g) {
            out.push(g);
        }
    }
    Ok(out)
}

pub(super) fn validated_record(
    reg: ClientRegistration,
    now: i64,
) -> Result<ClientRecord, ApiError> {
    let name = reg.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 150 || name.contains(char::is_control) {
        return Err(ApiError::invalid_request(
            "name must be 1 to 150 characters without control characters",
        ));
    }
    let client_type = parse_client_type(&reg.client_type)?;
    let id = match reg.id {
        Some(id) => {
            validate_client_id(&id)?;
            id
        }
        None => random_id(),
    };
    let grant_types = parse_grant_types(&reg.grant_types)?;
    validate_grants(client_type, &grant_types)?;
    for uri in &reg.redirect_uris {
        validate_redirect_uri(uri)?;
    }
    for uri in &reg.post_logout_redirect_uris {
        validate_redirect_uri(uri)?;
    }
    if grant_types.contains(&GrantType::AuthorizationCode) && reg.redirect_uris.is_empty() {
        return Err(ApiError::invalid_request(
            "a redirect URI is required for the authorization_code grant",
        ));
    }
    let allowed_origins = match reg.allowed_origins {
        Some(origins) => {
            for o in &origins {
                validate_origin(o)?;
            }
            dedup(origins)
        }
        None => dedup(
            reg.redirect_uris
                .iter()
                .filter_map(|u| origin_of(u))
                .collect(),
        ),
    };
    let scope = ScopeSet::parse(reg.scope.as_deref().unwrap_or(DEFAULT_CLIENT_SCOPE))
        .map_err(|_| ApiError::invalid_request("scope contains an invalid token"))?;
    Ok(ClientRecord {
        id,
        name,
        client_type,
        secret_hash: None,
        grant_types,
        redirect_uris: dedup(reg.redirect_uris),
        post_logout_redirect_uris: dedup(reg.post_logout_redirect_uris),
        allowed_origins,
        scope: scope.to_string(),
        skip_consent: reg.skip_consent,
        created_at: now,
        updated_at: now,
    })
}

/// What an admin may change of a client; `None` leaves a field as it is.
#[derive(Default)]
pub struct ClientChange {
    pub name: Option<String>,
    pub grant_types: Option<Vec<String>>,
    pub redirect_uris: Option<Vec<String>>,
    pub post_logout_redirect_uris: Option<Vec<String>>,
    pub allowed_origins: Option<Vec<String>>,
    pub scope: Option<String>,
    pub skip_consent: Option<bool>,
}

/// Changes a registered client; the same rules as registration apply to the
/// result.
pub async fn change_client(
    store: &Store,
    ctx: &Context,
    id: &str,
    change: ClientChange,
) -> Result<ClientRecord, ApiError> {
    let current = store
        .find_client(id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such client"))?;
    let change_names = (
        change.name.is_some(),
        change.grant_types.is_some(),
        change.redirect_uris.is_some(),
        change.post_logout_redirect_uris.is_some(),
        change.allowed_origins.is_some(),
        change.scope.is_some(),
        change.skip_consent.is_some(),
    );
    let merged = ClientRegistration {
        id: Some(current.id.clone()),
        name: change.name.unwrap_or(current.name),
        client_type: current.client_type.as_str().to_string(),
        grant_types: change.grant_types.unwrap_or_else(|| {
            current
                .grant_types
                .iter()
                .map(|g| g.as_str().to_string())
                .collect()
        }),
        redirect_uris: change.redirect_uris.unwrap_or(current.redirect_uris),
        post_logout_redirect_uris: change
            .post_logout_redirect_uris
            .unwrap_or(current.post_logout_redirect_uris),
        allowed_origins: Some(change.allowed_origins.unwrap_or(current.allowed_origins)),
        scope: Some(change.scope.unwrap_or(current.scope)),
        skip_consent: change.skip_consent.unwrap_or(current.skip_consent),
    };
    let changed: Vec<&str> = [
        ("name", change_names.0),
        ("grant_types", change_names.1),
        ("redirect_uris", change_names.2),
        ("post_logout_redirect_uris", change_names.3),
        ("allowed_origins", change_names.4),
        ("scope", change_names.5),
        ("skip_consent", change_names.6),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect();
    let checked = validated_record(merged, ctx.now)?;
    let update = ClientUpdate {
        name: Some(checked.name),
        grant_types: Some(checked.grant_types),
        redirect_uris: Some(checked.redirect_uris),
        post_logout_redirect_uris: Some(checked.post_logout_redirect_uris),
        allowed_origins: Some(checked.allowed_origins),
        scope: Some(checked.scope),
        skip_consent: Some(checked.skip_consent),
        secret_hash: None,
        client_type: None,
    };
    store.update_client(id, &update, ctx.now).await?;
    ctx.record(
        Entry::new(Event::ClientChanged)
            .client(id)
            .with("fields", changed),
    )
    .await;
    store
        .find_client(id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such client"))
}

/// Deletes a client with every refresh token issued to it; its access
/// tokens stop working at once.
pub async fn delete_client(store: &Store, ctx: &Context, id: &str) -> Result<(), ApiError> {
    if !store.delete_client(id).await? {
        return Err(ApiError::not_found("no such client"));
    }
    ctx.record(Entry::new(Event::ClientDeleted).client(id))
        .await;
    Ok(())
}

/// A new secret for a confidential client; the old one stops working.
pub async fn rotate_client_secret(
    store: &Store,
    ctx: &Context,
    id: &str,
) -> Result<PlainSecret, ApiError> {
    let client = store
        .find_client(id)
        .await?
        .ok_or_else(|| ApiError::not_found("no such client"))?;
    if !client.is_confidential() {
        return Err(ApiError::invalid_request("public clients have no secret"));
    }
    let secret = PlainSecret::generate("cs_");
    let update = ClientUpdate {
        secret_hash: Some(secret.hash().as_str().to_string()),
        ..ClientUpdate::default()
    };
    store.update_client(id, &update, ctx.now).await?;
    ctx.record(Entry::new(Event::ClientSecretRotated).client(id))
        .await;
    Ok(secret)
}

fn validate_client_id(id: &str) -> Result<(), ApiError> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_request(
            "client_id must be 1 to 128 of A-Z a-z 0-9 - _ . ~",
        ))
    }
}

fn validate_grants(client_type: ClientType, grants: &[GrantType]) -> Result<(), ApiError> {
    if grants.is_empty() {
        return Err(ApiError::invalid_request(
            "at least one grant type is required",
        ));
    }
    // RFC 6749 §4.4: client credentials are for confidential clients only.
    if client_type == ClientType::Public && grants.contains(&GrantType::ClientCredentials) {
        return Err(ApiError::invalid_request(
            "a public client cannot use the client_credentials grant",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(client_type: &str, grants: &[&str], redirects: &[&str]) -> ClientRegistration {
        ClientRegistration {
            id: None,
            name: "App".into(),
            client_type: client_type.into(),
            grant_types: grants.iter().map(|s| s.to_string()).collect(),
            redirect_uris: redirects.iter().map(|s| s.to_string()).collect(),
            post_logout_redirect_uris: vec![],
            allowed_origins: None,
            scope: None,
            skip_consent: false,
        }
    }

    #[test]
    fn origins_default_to_those_of_the_redirect_uris() {
        let r = validated_record(
            reg(
                "public",
                &["authorization_code"],
                &[
                    "https://app.example.com:8443/cb",
                    "https://app.example.com:8443/other",
                ],
            ),
            0,
        )
        .unwrap();
        assert_eq!(r.allowed_origins, vec!["https://app.example.com:8443"]);
    }

    #[test]
    fn rules_of_registration_are_enforced() {
        assert!(validated_record(reg("public", &["client_credentials"], &[]), 0).is_err());
        assert!(validated_record(reg("confidential", &["authorization_code"], &[]), 0).is_err());
        assert!(validated_record(reg("confidential", &["implicit"], &[]), 0).is_err());
        assert!(validated_record(reg("confidential", &[], &[]), 0).is_err());
        assert!(validated_record(reg("other", &["password"], &[]), 0).is_err());
        assert!(validated_record(reg("confidential", &["client_credentials"], &[]), 0).is_ok());
    }
}
