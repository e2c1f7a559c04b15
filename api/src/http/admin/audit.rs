//! `GET /api/admin/audit`: the audit log, newest first, filtered and paged
//! by cursor.

use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;

use auth_api_types::{AuditEntry, AuditPage};

use super::super::ApiTags;
use super::super::auth::SignedInAdmin;
use super::super::error::ErrorResponse;
use crate::domain::ApiError;
use crate::domain::audit::Event;
use crate::state::SharedState;
use crate::storage::{AuditFilter, AuditRecord};

impl From<AuditRecord> for AuditEntry {
    fn from(r: AuditRecord) -> Self {
        Self {
            detail: serde_json::from_str(&r.detail).unwrap_or_default(),
            id: r.id,
            at: r.at,
            event: r.event,
            actor: r.actor,
            user_id: r.user_id,
            client_id: r.client_id,
            ip: r.ip,
            user_agent: r.user_agent,
        }
    }
}

#[derive(Default)]
pub struct AdminAuditApi;

#[OpenApi(tag = "ApiTags::Admin")]
impl AdminAuditApi {
    /// The audit log
    ///
    /// Logins (and failures), token issuance, refreshes, reuse detection,
    /// revocations, logouts, one-time codes, authenticator and admin
    /// changes, newest first.
    #[allow(clippy::too_many_arguments)]
    #[oai(
        path = "/api/admin/audit",
        method = "get",
        operation_id = "admin_audit_list"
    )]
    async fn list(
        &self,
        state: Data<&SharedState>,
        _admin: SignedInAdmin,
        /// Only entries about this user id.
        user: Query<Option<String>>,
        /// Only entries about this client or service key id.
        client: Query<Option<String>>,
        /// Only this event, e.g. `login.failed`.
        event: Query<Option<String>>,
        /// Only entries at or after this time (seconds since the epoch).
        since: Query<Option<i64>>,
        /// Only entries at or before this time.
        until: Query<Option<i64>>,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Entries per page, 1 to 500 (default 50).
        limit: Query<Option<i64>>,
    ) -> Result<Json<AuditPage>, ErrorResponse> {
        let limit = limit.0.unwrap_or(50);
        if !(1..=500).contains(&limit) {
            return Err(ApiError::invalid_request("limit must be 1 to 500").into());
        }
        if let Some(e) = event.0.as_deref()
            && Event::parse(e).is_none()
        {
            return Err(ApiError::invalid_request(format!("unknown event {e:?}")).into());
        }
        let filter = AuditFilter {
            user_id: user.0,
            client_id: client.0,
            event: event.0,
            since: since.0,
            until: until.0,
            before: cursor.0,
        };
        // One more than asked tells whether there is a next page.
        let mut rows = state.store.list_audit(&filter, limit + 1).await?;
        let next_cursor = if rows.len() as i64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|r| r.id.clone())
        } else {
            None
        };
        Ok(Json(AuditPage {
            entries: rows.into_iter().map(AuditEntry::from).collect(),
            next_cursor,
        }))
    }
}
