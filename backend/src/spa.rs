//! Serves the built web app (`frontend/dist`): embedded in release builds, read from disk in debug builds.
//! Any extension-less path that is not an API route gets `index.html`, because the app routes in the hash
//! and the Workable OAuth callback arrives on the real path `/settings/workable/callback`.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "../frontend/dist/"]
#[allow_missing = true]
struct WebApp;

pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let reserved = ["api/", "docs", "metrics", "health"];
    if reserved.iter().any(|p| path.starts_with(p)) {
        return crate::error::ApiError::NotFound("Not found".into()).into_response();
    }
    if !path.is_empty()
        && let Some(file) = WebApp::get(path)
    {
        return file_response(path, file);
    }
    let looks_like_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if looks_like_file {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match WebApp::get("index.html") {
        Some(file) => file_response("index.html", file),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The web app has not been built. Run `make build` (or `cd frontend && npm run build`).",
        )
            .into_response(),
    }
}

fn file_response(path: &str, file: rust_embed::EmbeddedFile) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    // Vite puts a content hash in every asset name, so assets can be cached forever; index.html never.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = Response::new(Body::from(file.data.into_owned()));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime.as_ref()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}
