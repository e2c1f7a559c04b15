//! Where browsers are sent: a client's redirect URI with a code or an
//! error (RFC 6749 §4.1.2, with `iss` from RFC 9207), or the SPA's error
//! page when the redirect URI cannot be trusted.

/// Appends `pairs` to the query of `uri` (which may have a query already).
pub fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = uri.to_string();
    let mut sep = if uri.contains('?') { '&' } else { '?' };
    for (k, v) in pairs {
        out.push(sep);
        sep = '&';
        out.push_str(k);
        out.push('=');
        out.extend(url::form_urlencoded::byte_serialize(v.as_bytes()));
    }
    out
}

/// A successful authorization response: `code`, `state`, `iss`.
pub fn code_response(redirect_uri: &str, code: &str, state: Option<&str>, issuer: &str) -> String {
    let mut pairs = vec![("code", code)];
    if let Some(s) = state {
        pairs.push(("state", s));
    }
    pairs.push(("iss", issuer));
    with_query(redirect_uri, &pairs)
}

/// An error response to a redirect URI already checked to be the client's.
#[derive(Clone, Debug)]
pub struct ErrorRedirect {
    pub redirect_uri: String,
    pub error: &'static str,
    pub description: String,
    pub state: Option<String>,
}

impl ErrorRedirect {
    pub fn location(&self, issuer: &str) -> String {
        let mut pairs = vec![
            ("error", self.error),
            ("error_description", self.description.as_str()),
        ];
        if let Some(s) = &self.state {
            pairs.push(("state", s));
        }
        pairs.push(("iss", issuer));
        with_query(&self.redirect_uri, &pairs)
    }
}

/// The SPA's `/error` page with the error in words.
pub fn error_page(issuer: &str, error: &str, description: &str) -> String {
    with_query(
        &format!("{issuer}/error"),
        &[("error", error), ("error_description", description)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_keep_the_registered_query_and_encode_values() {
        assert_eq!(
            code_response("https://app/cb?x=1", "c d", Some("s&t"), "https://id"),
            "https://app/cb?x=1&code=c+d&state=s%26t&iss=https%3A%2F%2Fid"
        );
        assert_eq!(
            code_response("com.example:/cb", "c", None, "https://id"),
            "com.example:/cb?code=c&iss=https%3A%2F%2Fid"
        );
    }
}
