//! The error type of the JSON APIs (`/api/*`): a status class, a stable
//! machine-readable code and a description safe to show the caller.

use std::fmt;

use crate::password::HashError;
use crate::storage::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 400 with a code such as `invalid_request` or `invalid_otp`.
    BadRequest {
        code: &'static str,
        description: String,
    },
    /// 401: `invalid_service_key` or `invalid_token`.
    Unauthorized {
        code: &'static str,
        description: String,
    },
    /// 403: `insufficient_scope` or `forbidden`.
    Forbidden {
        code: &'static str,
        description: String,
    },
    NotFound(String),
    Conflict(String),
    /// 410: it existed, and is over (an expired or finished interaction).
    Gone {
        code: &'static str,
        description: String,
    },
    /// 429: too many attempts; try again after this many seconds.
    TooManyRequests {
        retry_after: u64,
    },
    /// 503: the server is busy (the password-hashing queue is full); try
    /// again after this many seconds.
    Unavailable {
        retry_after: u64,
    },
    /// Logged where it happened; answered as a bare 500.
    Internal,
}

impl ApiError {
    pub fn invalid_request(d: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code: "invalid_request",
            description: d.into(),
        }
    }
    pub fn invalid_service_key() -> Self {
        ApiError::Unauthorized {
            code: "invalid_service_key",
            description: "a valid X-Service-Key header is required".into(),
        }
    }
    pub fn invalid_token(d: impl Into<String>) -> Self {
        ApiError::Unauthorized {
            code: "invalid_token",
            description: d.into(),
        }
    }
    pub fn forbidden(d: impl Into<String>) -> Self {
        ApiError::Forbidden {
            code: "forbidden",
            description: d.into(),
        }
    }
    pub fn not_found(d: impl Into<String>) -> Self {
        ApiError::NotFound(d.into())
    }

    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest { .. } => 400,
            ApiError::Unauthorized { .. } => 401,
            ApiError::Forbidden { .. } => 403,
            ApiError::NotFound(_) => 404,
            ApiError::Conflict(_) => 409,
            ApiError::Gone { .. } => 410,
            ApiError::TooManyRequests { .. } => 429,
            ApiError::Unavailable { .. } => 503,
            ApiError::Internal => 500,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. }
            | ApiError::Unauthorized { code, .. }
            | ApiError::Forbidden { code, .. }
            | ApiError::Gone { code, .. } => code,
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::Unavailable { .. } => "temporarily_unavailable",
            ApiError::Internal => "server_error",
        }
    }

    pub fn description(&self) -> &str {
        match self {
            ApiError::BadRequest { description, .. }
            | ApiError::Unauthorized { description, .. }
            | ApiError::Forbidden { description, .. }
            | ApiError::Gone { description, .. } => description,
            ApiError::NotFound(d) | ApiError::Conflict(d) => d,
            ApiError::TooManyRequests { .. } => "too many attempts: try again later",
            ApiError::Unavailable { .. } => "the server is busy: try again in a moment",
            ApiError::Internal => "the server could not complete the request",
        }
    }

    /// Seconds to wait before retrying, for 429 and 503.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::TooManyRequests { retry_after } | ApiError::Unavailable { retry_after } => {
                Some(*retry_after)
            }
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for ApiError {}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => ApiError::Conflict(what),
            StoreError::LastAdmin => {
                ApiError::Conflict("at least one enabled admin must remain".into())
            }
            StoreError::InvalidText => {
                ApiError::invalid_request("the request contains characters that cannot be stored")
            }
            other => {
                tracing::error!(error = %other, "storage failure");
                ApiError::Internal
            }
        }
    }
}

impl From<HashError> for ApiError {
    fn from(e: HashError) -> Self {
        match e {
            HashError::Busy => ApiError::Unavailable { retry_after: 1 },
            // Nobody reads this answer; it must not be logged as a failure.
            HashError::CallerGone => {
                tracing::debug!("password check dropped: the caller hung up");
                ApiError::Unavailable { retry_after: 1 }
            }
            e => {
                tracing::error!(error = %e, "password hashing failure");
                ApiError::Internal
            }
        }
    }
}
