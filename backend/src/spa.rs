//! Serves the built web app (`frontend/dist`): embedded in release builds, read from disk in debug builds.
//! Any extension-less path that is not an API route gets `index.html`, because the app routes in the hash
//! and the Workable OAuth callback arrives on the real path `/settings/workable/callback`.
//!
//! The build writes a brotli and a gzip copy beside every compressible file (`frontend/build/precompress.js`);
//! a browser gets the smallest copy it accepts, compressed once at build time rather than on every request.

use std::borrow::Cow;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "../frontend/dist/"]
#[allow_missing = true]
struct WebApp;

pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let reserved = ["api/", "docs", "metrics", "health"];
    if reserved.iter().any(|p| path.starts_with(p)) {
        return crate::error::ApiError::NotFound("Not found".into()).into_response();
    }
    let accepted = accepted_encodings(&headers);
    if !path.is_empty() && WebApp::get(path).is_some() {
        return file_response(path, &accepted);
    }
    let looks_like_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if looks_like_file {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    if WebApp::get("index.html").is_none() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The web app has not been built. Run `make build` (or `cd frontend && npm run build`).",
        )
            .into_response();
    }
    file_response("index.html", &accepted)
}

/// Precompressed copies, best first: (file suffix, `Content-Encoding`).
const ENCODINGS: [(&str, &str); 2] = [(".br", "br"), (".gz", "gzip")];

fn file_response(path: &str, accepted: &[&str]) -> Response {
    let copies = ENCODINGS
        .iter()
        .filter_map(|(suffix, encoding)| {
            Some((WebApp::get(&format!("{path}{suffix}"))?, *encoding))
        })
        .collect::<Vec<_>>();
    let negotiated = !copies.is_empty();
    let chosen = copies
        .iter()
        .position(|(_, encoding)| accepted.contains(encoding));
    let (body, encoding) = match chosen {
        Some(index) => {
            let (file, encoding) = copies.into_iter().nth(index).expect("found above");
            (file.data, Some(encoding))
        }
        None => match WebApp::get(path) {
            Some(file) => (file.data, None),
            None => return (StatusCode::NOT_FOUND, "Not found").into_response(),
        },
    };
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    // Vite puts a content hash in every asset name, so assets can be cached forever; index.html never.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    // Embedded files are static: hand out the bytes without copying them.
    let body = match body {
        Cow::Borrowed(bytes) => Bytes::from_static(bytes),
        Cow::Owned(bytes) => Bytes::from(bytes),
    };
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime.as_ref()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    // A cache in between must not hand a brotli copy to a browser that asked for gzip.
    if negotiated {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// The content codings the client accepts (`Accept-Encoding`), leaving out those it refuses with `q=0`.
fn accepted_encodings(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().filter(|c| !c.is_empty())?;
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!refused).then_some(coding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(value: &str) -> Vec<String> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        accepted_encodings(&headers)
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn reads_accept_encoding_with_its_weights() {
        assert_eq!(
            accepted("gzip, deflate, br, zstd"),
            ["gzip", "deflate", "br", "zstd"]
        );
        assert_eq!(accepted("br;q=0, gzip;q=0.8"), ["gzip"]);
        assert_eq!(accepted("identity"), ["identity"]);
        assert!(accepted("").is_empty());
    }
}
