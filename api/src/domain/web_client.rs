//! The SPA's own client (`web`), kept registered for the current issuer.

use super::clients::ClientRegistration;
use super::clients::validated_record;
use super::context::Context;
use super::error::ApiError;
use crate::storage::{ClientRecord, ClientType, ClientUpdate, GrantType, Store, StoreError};

/// The SPA's own client (`web`): a public client of this server for the
/// account and admin screens, like Keycloak's account console.
pub const WEB_CLIENT_ID: &str = "web";
const WEB_CLIENT_SCOPE: &str = "openid profile email roles account admin";

/// Creates or updates the `web` client for `issuer`, at every start, so
/// that a changed `ISSUER` is followed.
pub async fn ensure_web_client(store: &Store, ctx: &Context, issuer: &str) -> Result<(), ApiError> {
    let reg = ClientRegistration {
        id: Some(WEB_CLIENT_ID.into()),
        name: "Account console".into(),
        client_type: ClientType::Public.as_str().into(),
        grant_types: vec![
            GrantType::AuthorizationCode.as_str().into(),
            GrantType::RefreshToken.as_str().into(),
        ],
        redirect_uris: vec![format!("{issuer}/callback")],
        post_logout_redirect_uris: vec![format!("{issuer}/login")],
        allowed_origins: None,
        scope: Some(WEB_CLIENT_SCOPE.into()),
        skip_consent: true,
    };
    let wanted = validated_record(reg, ctx.now)?;
    match store.find_client(WEB_CLIENT_ID).await? {
        None => match store.insert_client(&wanted).await {
            // Another replica starting at the same moment made it.
            Ok(()) | Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        },
        Some(current) if same_registration(&current, &wanted) => {}
        Some(_) => {
            let update = ClientUpdate {
                name: Some(wanted.name),
                grant_types: Some(wanted.grant_types),
                redirect_uris: Some(wanted.redirect_uris),
                post_logout_redirect_uris: Some(wanted.post_logout_redirect_uris),
                allowed_origins: Some(wanted.allowed_origins),
                scope: Some(wanted.scope),
                skip_consent: Some(true),
                secret_hash: None,
                client_type: None,
            };
            store.update_client(WEB_CLIENT_ID, &update, ctx.now).await?;
        }
    }
    Ok(())
}

fn same_registration(a: &ClientRecord, b: &ClientRecord) -> bool {
    a.name == b.name
        && a.client_type == b.client_type
        && a.grant_types == b.grant_types
        && a.redirect_uris == b.redirect_uris
        && a.post_logout_redirect_uris == b.post_logout_redirect_uris
        && a.allowed_origins == b.allowed_origins
        && a.scope == b.scope
        && a.skip_consent == b.skip_consent
}
