//! Redirect URIs and origins as clients register them (RFC 6749 §3.1.2,
//! RFC 6454), checked once at registration; requests then match them
//! exactly (RFC 9700 §4.1.3).

use super::error::ApiError;

/// RFC 6749 §3.1.2: absolute, no fragment; RFC 9700 §4.1: matched exactly
/// later, so it is stored as given. Script-bearing schemes are refused.
pub fn validate_redirect_uri(uri: &str) -> Result<(), ApiError> {
    let bad = || {
        ApiError::invalid_request(format!(
            "redirect URI {uri:?} must be an absolute URL without a fragment"
        ))
    };
    if uri.len() > 2000 || uri.contains(char::is_control) {
        return Err(bad());
    }
    let parsed = url::Url::parse(uri).map_err(|_| bad())?;
    if parsed.fragment().is_some() || uri.contains('#') {
        return Err(bad());
    }
    if matches!(
        parsed.scheme(),
        "javascript" | "data" | "vbscript" | "file" | "blob"
    ) {
        return Err(ApiError::invalid_request(format!(
            "redirect URI scheme {:?} is not allowed",
            parsed.scheme()
        )));
    }
    if matches!(parsed.scheme(), "http" | "https") && parsed.host_str().is_none() {
        return Err(bad());
    }
    Ok(())
}

/// An origin (RFC 6454): `scheme://host[:port]` and nothing more.
pub fn validate_origin(origin: &str) -> Result<(), ApiError> {
    match origin_of(origin) {
        Some(o) if o == origin => Ok(()),
        _ => Err(ApiError::invalid_request(format!(
            "allowed origin {origin:?} must be scheme://host[:port] without a path"
        ))),
    }
}

pub fn origin_of(uri: &str) -> Option<String> {
    let url = url::Url::parse(uri).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    Some(url.origin().ascii_serialization()).filter(|o| o != "null")
}

pub fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris_must_be_absolute_and_fragment_free() {
        assert!(validate_redirect_uri("https://app.example.com/cb?x=1").is_ok());
        assert!(validate_redirect_uri("com.example.app:/callback").is_ok());
        for bad in [
            "/relative",
            "https://app.example.com/cb#frag",
            "javascript:alert(1)",
            "not a url",
        ] {
            assert!(validate_redirect_uri(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_origin_has_no_path() {
        assert!(validate_origin("https://app.example.com").is_ok());
        assert!(validate_origin("https://app.example.com/").is_err());
        assert!(validate_origin("https://app.example.com/x").is_err());
    }
}
