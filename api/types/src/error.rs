//! The error body of every `/api` and `/oauth2` error.

use serde::{Deserialize, Serialize};

/// RFC 6749 §5.2 error body, used for every error of `/api` and `/oauth2`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Object))]
pub struct ErrorBody {
    /// Machine-readable code, e.g. `invalid_request`.
    pub error: String,
    /// What went wrong, for a developer.
    pub error_description: String,
}

impl ErrorBody {
    pub fn new(error: &str, description: &str) -> Self {
        Self {
            error: error.to_string(),
            error_description: description.to_string(),
        }
    }
}
