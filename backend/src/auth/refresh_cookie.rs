//! The refresh token's cookie: `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's page sends
//! it), `Secure` when the app is served over TLS (`PUBLIC_URL` is https), and scoped to `/api/v1/auth`, so it
//! travels only with the auth calls (refresh and logout need it) and never with the rest of the API.

use axum::http::header::COOKIE;
use axum::http::{HeaderMap, HeaderValue};

use crate::config::Settings;

pub const NAME: &str = "tali_refresh";
pub const PATH: &str = "/api/v1/auth";

fn attributes(settings: &Settings) -> String {
    let secure = if settings.server.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    format!("Path={PATH}; HttpOnly; SameSite=Strict{secure}")
}

/// `Set-Cookie` for a new refresh token, kept by the browser as long as the server accepts it.
pub fn set(settings: &Settings, token: &str) -> HeaderValue {
    let max_age = u64::from(settings.server.refresh_token_days) * 24 * 60 * 60;
    let value = format!(
        "{NAME}={token}; Max-Age={max_age}; {}",
        attributes(settings)
    );
    HeaderValue::from_str(&value).expect("a hex token and fixed attributes make a valid header")
}

/// `Set-Cookie` that makes the browser forget the refresh token.
pub fn clear(settings: &Settings) -> HeaderValue {
    let value = format!("{NAME}=; Max-Age=0; {}", attributes(settings));
    HeaderValue::from_str(&value).expect("fixed attributes make a valid header")
}

/// The refresh token the request carries, if any.
pub fn read(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == NAME)
        .map(|(_, value)| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            COOKIE,
            HeaderValue::from_static("a=1; tali_refresh=abc123 ; b=2"),
        );
        assert_eq!(read(&headers).as_deref(), Some("abc123"));
        let mut empty = HeaderMap::new();
        empty.append(COOKIE, HeaderValue::from_static("tali_refresh="));
        assert_eq!(read(&empty), None);
        assert_eq!(read(&HeaderMap::new()), None);
    }
}
