//! django-oauth-toolkit's URLs (`oauth2_provider.urls`, mounted under
//! `/o/` as its documentation does: the five of the OAuth endpoints, and
//! `/o/logout/`, DOT's RP-initiated logout) for clients of the Django server this
//! one replaces: each is rewritten to its `/oauth2/` twin before routing,
//! so it behaves exactly as the twin (JSON errors, no-store, CORS) and
//! metrics count it under the twin's route. On unless
//! `DJANGO_COMPAT_ROUTES=false`.

use std::sync::Arc;

use poem::{Endpoint, IntoResponse, Request, Response, Result};

/// DOT's path (without its trailing slash) → ours.
const ROUTES: [(&str, &str); 6] = [
    ("/o/authorize", "/oauth2/authorize"),
    ("/o/token", "/oauth2/token"),
    ("/o/revoke_token", "/oauth2/revoke"),
    ("/o/introspect", "/oauth2/introspect"),
    ("/o/userinfo", "/oauth2/userinfo"),
    ("/o/logout", "/oauth2/logout"),
];

/// Our twin of a DOT path, with or without its trailing slash.
pub fn twin(path: &str) -> Option<&'static str> {
    let trimmed = path.trim_end_matches('/');
    ROUTES
        .iter()
        .find(|(dot, _)| *dot == trimmed)
        .map(|(_, ours)| *ours)
}

/// Rewrites a DOT path to its twin (the query string kept) when `enabled`.
pub async fn rewrite<E: Endpoint>(ep: Arc<E>, mut req: Request, enabled: bool) -> Result<Response> {
    if enabled && let Some(ours) = twin(req.uri().path()) {
        super::middleware::set_path(&mut req, ours);
    }
    ep.call(req).await.map(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_paths_have_twins_with_or_without_the_slash() {
        assert_eq!(twin("/o/token/"), Some("/oauth2/token"));
        assert_eq!(twin("/o/token"), Some("/oauth2/token"));
        assert_eq!(twin("/o/revoke_token/"), Some("/oauth2/revoke"));
        assert_eq!(twin("/o/authorize/"), Some("/oauth2/authorize"));
        assert_eq!(twin("/o/introspect/"), Some("/oauth2/introspect"));
        assert_eq!(twin("/o/userinfo/"), Some("/oauth2/userinfo"));
        assert_eq!(twin("/o/logout/"), Some("/oauth2/logout"));
        assert_eq!(twin("/o/"), None);
        assert_eq!(twin("/o/applications/"), None);
        assert_eq!(twin("/o/tokenx"), None);
        assert_eq!(twin("/x/o/token/"), None);
    }
}
