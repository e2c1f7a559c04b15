//! Health, readiness and metrics.

use poem::web::Data;
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use crate::state::SharedState;
use crate::telemetry::metrics_handle;

#[derive(Object)]
pub struct Health {
    /// `ok`, or `unavailable` when the database does not answer.
    pub status: String,
}

#[derive(ApiResponse)]
pub enum Readiness {
    /// The database answers.
    #[oai(status = 200)]
    Ready(Json<Health>),
    /// The database does not answer.
    #[oai(status = 503)]
    NotReady(Json<Health>),
}

#[derive(Default)]
pub struct OpsApi;

#[OpenApi(tag = "ApiTags::Operations")]
impl OpsApi {
    /// Liveness
    ///
    /// The process is up.
    #[oai(path = "/healthz", method = "get", operation_id = "healthz")]
    async fn healthz(&self) -> Json<Health> {
        Json(Health {
            status: "ok".into(),
        })
    }

    /// Readiness
    ///
    /// 200 when the database answers, else 503.
    #[oai(path = "/readyz", method = "get", operation_id = "readyz")]
    async fn readyz(&self, state: Data<&SharedState>) -> Readiness {
        if state.store.ping().await {
            Readiness::Ready(Json(Health {
                status: "ok".into(),
            }))
        } else {
            Readiness::NotReady(Json(Health {
                status: "unavailable".into(),
            }))
        }
    }

    /// Prometheus metrics
    ///
    /// `http_requests_total` and `http_request_duration_seconds` by route
    /// and status, `tokens_issued_total` by grant type.
    #[oai(path = "/metrics", method = "get", operation_id = "metrics")]
    async fn metrics(&self) -> PlainText<String> {
        PlainText(metrics_handle().render())
    }
}
