//! OAuth clients (RFC 6749 §2): registration data and the hash of the secret.

use sqlx::FromRow;

use super::{Store, StoreResult, conflict_or, from_json_list, to_json_list};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRecord {
    pub id: String,
    pub name: String,
    /// `confidential` or `public` (RFC 6749 §2.1).
    pub client_type: String,
    /// SHA-256 of the secret, for confidential clients.
    pub secret_hash: Option<String>,
    pub grant_types: Vec<String>,
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

impl TryFrom<ClientRow> for ClientRecord {
    type Error = super::StoreError;
    fn try_from(r: ClientRow) -> StoreResult<Self> {
        Ok(ClientRecord {
            grant_types: from_json_list(&r.grant_types, "clients.grant_types")?,
            redirect_uris: from_json_list(&r.redirect_uris, "clients.redirect_uris")?,
            post_logout_redirect_uris: from_json_list(
                &r.post_logout_redirect_uris,
                "clients.post_logout_redirect_uris",
            )?,
            allowed_origins: from_json_list(&r.allowed_origins, "clients.allowed_origins")?,
            id: r.id,
            name: r.name,
            client_type: r.client_type,
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
    pub grant_types: Option<Vec<String>>,
    pub redirect_uris: Option<Vec<String>>,
    pub post_logout_redirect_uris: Option<Vec<String>>,
    pub allowed_origins: Option<Vec<String>>,
    pub scope: Option<String>,
    pub skip_consent: Option<bool>,
    pub secret_hash: Option<String>,
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
        .bind(&c.client_type)
        .bind(c.secret_hash.as_deref())
        .bind(to_json_list(&c.grant_types))
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
             updated_at = $10 WHERE id = $1",
        )
        .bind(id)
        .bind(u.name.as_deref())
        .bind(u.grant_types.as_deref().map(to_json_list))
        .bind(u.redirect_uris.as_deref().map(to_json_list))
        .bind(u.post_logout_redirect_uris.as_deref().map(to_json_list))
        .bind(u.allowed_origins.as_deref().map(to_json_list))
        .bind(u.scope.as_deref())
        .bind(u.skip_consent.map(i64::from))
        .bind(u.secret_hash.as_deref())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes the client and every refresh token issued to it.
    pub async fn delete_client(&self, id: &str) -> StoreResult<bool> {
        if !super::storable(id) {
            return Ok(false);
        }
        let mut tx = self.begin_write().await?;
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
