//! Security headers on every response: the web app, the API and the docs alike.
//!
//! The policy is as strict as the built app allows. Scripts, workers and requests stay on this origin (Vite
//! emits Monaco's editor worker as a same-origin file and the app calls only `/api`). Styles need
//! `'unsafe-inline'` because Monaco injects `<style>` elements at run time; scripts never do. The candidate's
//! token is in the URL, so no referrer ever leaves a page.

use std::sync::Arc;

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;
use tower::util::MapResponseLayer;

use crate::config::ServerSettings;

pub const CONTENT_SECURITY_POLICY: &str = concat!(
    "default-src 'self'; ",
    "script-src 'self'; ",
    "worker-src 'self'; ",
    "style-src 'self' 'unsafe-inline'; ",
    "img-src 'self' data:; ",
    "font-src 'self' data:; ",
    "connect-src 'self'; ",
    "object-src 'none'; ",
    "base-uri 'none'; ",
    "form-action 'self'; ",
    "frame-ancestors 'none'"
);

/// The browser features no page of ours uses, switched off so an injected script cannot ask for them either.
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), midi=()";

/// One year. Subdomains are left out: other hosts under the operator's domain are theirs to decide.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// The headers every response carries under these settings.
pub fn headers(settings: &ServerSettings) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    // Over plain HTTP (development, tests) the header would be ignored at best and pin a dev host at worst.
    if settings.public_url.starts_with("https://") {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        ));
    }
    headers
}

/// A layer setting `headers(settings)` on every response; a header a handler set itself is left alone.
pub fn layer(
    settings: &ServerSettings,
) -> MapResponseLayer<impl Fn(Response) -> Response + Clone + Send + Sync + 'static> {
    let headers: Arc<[(HeaderName, HeaderValue)]> = headers(settings).into();
    MapResponseLayer::new(move |mut response: Response| {
        let target = response.headers_mut();
        for (name, value) in headers.iter() {
            target.entry(name).or_insert_with(|| value.clone());
        }
        response
    })
}
