//! Every response carries the security headers: the web app, the API (answers and errors), the docs, CORS
//! preflights; HSTS only when the public URL is https.

use reqwest::{Method, Response};
use tali::security_headers::{
    CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY, STRICT_TRANSPORT_SECURITY,
};

use crate::common::TestApp;

fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

fn assert_protected(response: &Response, what: &str) {
    let expected = [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("permissions-policy", PERMISSIONS_POLICY),
    ];
    for (name, value) in expected {
        assert_eq!(header(response, name), Some(value), "{name} on {what}");
    }
}

/// Pages, API answers of every kind, the docs and a preflight, as a browser would meet them.
async fn responses(app: &TestApp) -> Vec<(String, Response)> {
    let mut out = Vec::new();
    for path in [
        "/",
        "/health",
        "/api/v1/auth/me",
        "/api/v1/assessments/token/no-such-token",
        "/api/v1/no-such-route",
        "/api/openapi.json",
        "/docs/",
        "/assets/no-such-file.js",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        out.push((format!("GET {path}"), response));
    }
    let preflight = app
        .client
        .request(Method::OPTIONS, app.url("/api/v1/auth/login"))
        .header("origin", app.base.as_str())
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    out.push(("a CORS preflight".into(), preflight));
    out
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let responses = responses(&app).await;
    let statuses: Vec<u16> = responses.iter().map(|(_, r)| r.status().as_u16()).collect();
    // Successes and failures alike: the headers are not only on the happy path.
    assert!(statuses.contains(&200) && statuses.contains(&401) && statuses.contains(&404));
    for (what, response) in &responses {
        assert_protected(response, what);
        assert_eq!(
            header(response, "strict-transport-security"),
            None,
            "no HSTS over plain http ({what})"
        );
    }
}

#[test]
fn the_policy_keeps_scripts_and_frames_locked_down() {
    let directives: Vec<&str> = CONTENT_SECURITY_POLICY.split("; ").collect();
    for directive in [
        "script-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(directives.contains(&directive), "{directive} missing");
    }
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-eval"));
    let script = directives
        .iter()
        .find(|d| d.starts_with("script-src"))
        .unwrap();
    assert!(!script.contains("unsafe-inline"), "no inline script");
}

#[tokio::test]
async fn hsts_when_the_public_url_is_https() {
    let app = TestApp::spawn_with(&[("PUBLIC_URL", "https://tali.example.com")]).await;
    for (what, response) in responses(&app).await {
        assert_protected(&response, &what);
        assert_eq!(
            header(&response, "strict-transport-security"),
            Some(STRICT_TRANSPORT_SECURITY),
            "HSTS on {what}"
        );
    }
}
