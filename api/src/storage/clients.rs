//! OAuth clients (RFC 6749 §2): registration data and the hash of the secret.

use std::fmt;
use std::str::FromStr;

use sqlx::FromRow;

use super::{Store, StoreError, StoreResult, conflict_or, from_json_list, to_json_list};

/// RFC 6749 §2.1 client types. Stored as their names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientType {
    /// Can keep a secret (a server-side web app, a resource server).
    Confidential,
    /// Cannot (an SPA, a native app): authenticates by `client_id` alone.
    Public,
}

impl ClientType {
    pub const ALL: [ClientType; 2] = [ClientType::Confidential, ClientType::Public];

    pub fn as_str(self) -> &'static str {
        match self {
            ClientType::Confidential => "confidential",
            ClientType::Public => "public",
        }
    }
}

/// The grant types this server implements (RFC 6749 §4, §6). One list
/// serves client registration, discovery and the token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GrantType {
    AuthorizationCode,
    RefreshToken,
    Password,
    ClientCredentials,
}

impl GrantType {
    pub const ALL: [GrantType; 4] = [
        GrantType::AuthorizationCode,
        GrantType::RefreshToken,
        GrantType::Password,
        GrantType::ClientCredentials,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::RefreshToken => "refresh_token",
            GrantType::Password => "password",
            GrantType::ClientCredentials => "client_credentials",
        }
    }
}

/// A name that is not one of the closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value")]
pub struct UnknownName;

macro_rules! named_enum {
    ($t:ty) => {
        impl FromStr for $t {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                <$t>::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or(UnknownName)
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
named_enum!(ClientType);
named_enum!(GrantType);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRecord {
    pub id: String,
    pub name: String,
    pub client_type: ClientType,
    /// SHA-256 of the secret, for confidential clients.
    pub secret_hash: Option<String>,
    pub grant_types: Vec<GrantType>,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub allowed_origins: Vec<String>,
    /// Space-separated scopes the client may ask for.
    pub scope: String,
    pub skip_consent: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(FromRow)]
struct ClientRow {
    id: String,
    name: String,
    client_type: String,
    secret_hash: Option<String>,
    grant_types: String,
    redirect_uris: String,
    post_logout_redirect_uris: String,
    allowed_origins: String,
    scope: String,
    skip_consent: i64,
    created_at: i64,
    updated_at: i64,
}

impl ClientRecord {
    pub fn is_confidential(&self) -> bool {
        self.client_type == ClientType::Confidential
    }

    pub fn may_use(&self, grant: GrantType) -> bool {
        self.grant_types.contains(&grant)
    }
}

impl TryFrom<ClientRow> for ClientRecord {
    type Error = StoreError;
    fn try_from(r: ClientRow) -> StoreResult<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("clients.{what} of {}", r.id));
        let grant_types = from_json_list(&r.grant_types, "clients.grant_types")?
            .iter()
            .map(|g| g.parse().map_err(|_| corrupt("grant_types")))
            .collect::<StoreResult<Vec<GrantType>>>()?;
        let client_type = r.client_type.parse().map_err(|_| corrupt("client_type"))?;
        Ok(ClientRecord {
            grant_types,
            redirect_uris: from_json_list(&r.redirect_uris, "clients.redirect_uris")?,
            post_logout_redirect_uris: from_json_list(
                &r.post_logout_redirect_uris,
                "clients.post_logout_redirect_uris",
            )?,
            allowed_origins: from_json_list(&r.allowed_origins, "clients.allowed_origins")?,
            id: r.id,
            name: r.name,
            client_type,
            secret_hash: r.secret_hash,
            scope: r.scope,
            skip_consent: r.skip_consent != 0,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Default)]
pub struct ClientUpdate {
    pub name: Option<String>,
    pub grant_types: Option<Vec<GrantType>>,
    pub redirect_uris: Option<Vec<String>>,
    pub post_logout_redirect_uris: Option<Vec<String>>,
    pub allowed_origins: Option<Vec<String>>,
    pub scope: Option<String>,
    pub skip_consent: Option<bool>,
    pub secret_hash: Option<String>,
    /// Only an import that overwrites a client changes its type.
    pub client_type: Option<ClientType>,
}

macro_rules! select_clients {
    ($tail:literal) => {
        concat!(
            "SELECT id, name, client_type, secret_hash, grant_types, redirect_uris, ",
            "post_logout_redirect_uris, allowed_origins, scope, skip_consent, created_at, ",
            "updated_at FROM clients ",
            $tail
        )
    };
}

impl Store {
    pub async fn insert_client(&self, c: &ClientRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO clients (id, name, client_type, secret_hash, grant_types, redirect_uris, \
             post_logout_redirect_uris, allowed_origins, scope, skip_consent, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&c.id)
        .bind(&c.name)
        .bind(c.client_type.as_str())
        .bind(c.secret_hash.as_deref())
        .bind(grant_list(&c.grant_types))
        .bind(to_json_list(&c.redirect_uris))
        .bind(to_json_list(&c.post_logout_redirect_uris))
        .bind(to_json_list(&c.allowed_origins))
        .bind(&c.scope)
        .bind(i64::from(c.skip_consent))
        .bind(c.created_at)
        .bind(c.updated_at)
        .execute(&self.pool)
        .await
        .map_err(|e| conflict_or(e, "client_id is taken"))?;
        Ok(())
    }

    pub async fn find_client(&self, id: &str) -> StoreResult<Option<ClientRecord>> {
        if !super::storable(id) {
            return Ok(None);
        }
        let row: Option<ClientRow> = sqlx::query_as(select_clients!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(ClientRecord::try_from).transpose()
    }

    /// Whether some client lists `origin` among its allowed origins.
    pub async fn is_allowed_origin(&self, origin: &str) -> StoreResult<bool> {
        if !super::storable(origin) || origin.contains(['%', '_', '"', '\\']) {
            return Ok(false);
        }
        // The JSON list contains the quoted origin; LIKE narrows, the
        // parse below decides exactly.
        let lists: Vec<String> =
            sqlx::query_scalar("SELECT allowed_origins FROM clients WHERE allowed_origins LIKE $1")
                .bind(format!("%\"{origin}\"%"))
                .fetch_all(&self.pool)
                .await?;
        Ok(lists.iter().any(|l| {
            from_json_list(l, "clients.allowed_origins")
                .is_ok_and(|o| o.iter().any(|o| o == origin))
        }))
    }

    pub async fn list_clients(&self) -> StoreResult<Vec<ClientRecord>> {
        let rows: Vec<ClientRow> = sqlx::query_as(select_clients!("ORDER BY name, id"))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(ClientRecord::try_from).collect()
    }

    /// Applies the fields that are set; answers whether the client exists.
    pub async fn update_client(&self, id: &str, u: &ClientUpdate, now: i64) -> StoreResult<bool> {
        if !super::storable(id) {
            return Ok(false);
        }
        let done = sqlx::query(
            "UPDATE clients SET name = COALESCE($2, name), grant_types = COALESCE($3, grant_types), \
             redirect_uris = COALESCE($4, redirect_uris), \
             post_logout_redirect_uris = COALESCE($5, post_logout_redirect_uris), \
             allowed_origins = COALESCE($6, allowed_origins), scope = COALESCE($7, scope), \
             skip_consent = COALESCE($8, skip_consent), secret_hash = COALESCE($9, secret_hash), \
             client_type = COALESCE($11, client_type), updated_at = $10 WHERE id = $1",
        )
        .bind(id)
        .bind(u.name.as_deref())
        .bind(u.grant_types.as_deref().map(grant_list))
        .bind(u.redirect_uris.as_deref().map(to_json_list))
        .bind(u.post_logout_redirect_uris.as_deref().map(to_json_list))
        .bind(u.allowed_origins.as_deref().map(to_json_list))
        .bind(u.scope.as_deref())
        .bind(u.skip_consent.map(i64::from))
        .bind(u.secret_hash.as_deref())
        .bind(now)
        .bind(u.client_type.map(ClientType::as_str))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Replaces a client's stored secret by the SHA-256 of the same secret
    /// (an imported Django hash, once it matched), unless it was rotated
    /// meanwhile.
    pub async fn upgrade_client_secret_hash(
        &self,
        id: &str,
        old: &str,
        new: &str,
    ) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE clients SET secret_hash = $3 WHERE id = $1 AND secret_hash = $2")
                .bind(id)
                .bind(old)
                .bind(new)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes the client and every refresh token issued to it. The
    /// families go first, in the lock order of `refresh.rs`, so a rotation
    /// racing the delete either finishes before it (and its successor is
    /// deleted too) or finds its family gone.
    pub async fn delete_client(&self, id: &str) -> StoreResult<bool> {
        if !super::storable(id) {
            return Ok(false);
        }
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM refresh_families WHERE client_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM refresh_tokens WHERE client_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM clients WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }
}

fn grant_list(grants: &[GrantType]) -> String {
    to_json_list(
        &grants
            .iter()
            .map(|g| g.as_str().to_string())
            .collect::<Vec<_>>(),
    )
}

impl Store {
    /// Records that tokens were issued to `client_id` for the user; answers
    /// whether this was the first time.
    pub async fn first_issue(&self, user_id: &str, client_id: &str, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO user_clients (user_id, client_id, first_issued_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, client_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(client_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The name people know a client or service key by (its id if gone).
    pub async fn client_display_name(&self, id: &str) -> StoreResult<String> {
        let name: Option<String> = sqlx::query_scalar(
            "SELECT name FROM clients WHERE id = $1 UNION ALL \
             SELECT name FROM service_keys WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(name.unwrap_or_else(|| id.to_string()))
    }
}
