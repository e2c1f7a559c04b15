//! Demo data for `just run` and `auth-server seed-demo-users`: two users, a
//! demo client and a demo service key, all created idempotently. Their
//! credentials are fixed and public; never seed a production database.

use serde::Serialize;

use super::clients::{ClientRegistration, register_client};
use super::context::Context;
use super::error::ApiError;
use super::users::{CreateUser, create_user};
use crate::password::{Password, PasswordHasher};
use crate::secrets::PlainSecret;
use crate::storage::{ClientUpdate, ServiceKeyRecord, Store};

pub const DEMO_CLIENT_ID: &str = "demo-client";
pub const DEMO_CLIENT_SECRET: &str = "demo-client-secret";
pub const DEMO_SERVICE_KEY_ID: &str = "svc_demo";
pub const DEMO_SERVICE_KEY: &str = "sk_demo-service-key";
/// The demo client may ask for everything, `admin` included (granted only
/// to admins), so the README's curl recipes reach the admin API.
pub const DEMO_CLIENT_SCOPE: &str = "openid profile email roles offline_access account admin";

#[derive(Debug, Serialize)]
pub struct SeedReport {
    /// Usernames created by this run (empty when all existed).
    pub created: Vec<String>,
    pub users: Vec<DemoUser>,
    pub client: DemoClient,
    pub service_key: DemoServiceKey,
}

#[derive(Debug, Serialize)]
pub struct DemoUser {
    pub username: &'static str,
    pub password: &'static str,
    pub roles: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct DemoClient {
    pub client_id: &'static str,
    pub client_secret: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DemoServiceKey {
    pub id: &'static str,
    pub key: &'static str,
}

pub async fn seed_demo(
    store: &Store,
    hasher: &PasswordHasher,
    ctx: &Context,
) -> Result<SeedReport, ApiError> {
    let now = ctx.now;
    store
        .ensure_role("admin", "Administers the server", now)
        .await?;
    store.ensure_role("user", "A signed-in user", now).await?;

    let demo = [
        (
            "admin",
            "adminpass",
            "admin@example.com",
            "Ada",
            "Admin",
            "admin",
        ),
        (
            "alice",
            "alicepass",
            "alice@example.com",
            "Alice",
            "Liddell",
            "user",
        ),
    ];
    let mut created = Vec::new();
    let mut users = Vec::new();
    for (username, password, email, first, last, role) in demo {
        if store.find_user_by_username(username).await?.is_none() {
            let made = create_user(
                store,
                hasher,
                ctx,
                CreateUser {
                    username: username.into(),
                    email: email.into(),
                    email_verified: true,
                    password: Password::new(password),
                    first_name: first.into(),
                    last_name: last.into(),
                    roles: vec![role.into()],
                },
            )
            .await;
            match made {
                Ok(_) => created.push(username.to_string()),
                // Another process seeding at the same moment won the race.
                Err(ApiError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        users.push(DemoUser {
            username,
            password,
            roles: vec![role],
        });
    }

    ensure_demo_client(store, ctx).await?;
    ensure_demo_service_key(store, now).await?;
    Ok(SeedReport {
        created,
        users,
        client: DemoClient {
            client_id: DEMO_CLIENT_ID,
            client_secret: DEMO_CLIENT_SECRET,
        },
        service_key: DemoServiceKey {
            id: DEMO_SERVICE_KEY_ID,
            key: DEMO_SERVICE_KEY,
        },
    })
}

async fn ensure_demo_client(store: &Store, ctx: &Context) -> Result<(), ApiError> {
    let secret_hash = PlainSecret::from_presented(DEMO_CLIENT_SECRET)
        .hash()
        .as_str()
        .to_string();
    if store.find_client(DEMO_CLIENT_ID).await?.is_none() {
        let reg = ClientRegistration {
            id: Some(DEMO_CLIENT_ID.into()),
            name: "Demo client".into(),
            client_type: "confidential".into(),
            grant_types: ["password", "client_credentials", "refresh_token"]
                .map(String::from)
                .to_vec(),
            redirect_uris: vec![],
            post_logout_redirect_uris: vec![],
            allowed_origins: None,
            scope: Some(DEMO_CLIENT_SCOPE.into()),
            skip_consent: true,
        };
        match register_client(store, ctx, reg).await {
            Ok(_) | Err(ApiError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    // The registered secret is random; the demo one is the documented one.
    let update = ClientUpdate {
        secret_hash: Some(secret_hash),
        scope: Some(DEMO_CLIENT_SCOPE.into()),
        ..ClientUpdate::default()
    };
    store
        .update_client(DEMO_CLIENT_ID, &update, ctx.now)
        .await?;
    Ok(())
}

async fn ensure_demo_service_key(store: &Store, now: i64) -> Result<(), ApiError> {
    let hash = PlainSecret::from_presented(DEMO_SERVICE_KEY).hash();
    if store
        .find_service_key_by_hash(hash.as_str())
        .await?
        .is_some()
    {
        return Ok(());
    }
    let record = ServiceKeyRecord {
        id: DEMO_SERVICE_KEY_ID.into(),
        name: "Demo integrator".into(),
        key_hash: hash.as_str().to_string(),
        scope: super::service_keys::DEFAULT_SERVICE_KEY_SCOPE.into(),
        created_at: now,
        revoked_at: None,
    };
    match store.insert_service_key(&record).await {
        Ok(()) | Err(crate::storage::StoreError::Conflict(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
