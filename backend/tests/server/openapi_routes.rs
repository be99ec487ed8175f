//! The OpenAPI document describes every route the server answers, and documents none it does not.
//!
//! axum cannot list a router's routes, but its `Debug` output names each path (`RouteId(n): "/path"`); that is
//! what is read here, from the very router `tali serve` runs. The parse is checked to find the routes, so a
//! change in that output fails the test instead of passing it vacuously.

use std::collections::BTreeSet;

use axum::Router;
use axum::routing::get;
use serde_json::Value;

use crate::common::TestApp;

/// Routes that are not the API: the docs UI and the document itself.
fn exempt(path: &str) -> bool {
    path == "/api/openapi.json" || path == "/docs" || path.starts_with("/docs/")
}

/// Every path the router routes. The fallback (the web app, at `/` and any other path) is left out: its routes
/// come after `fallback_router` in the output.
fn routed_paths(router: &Router) -> BTreeSet<String> {
    let debug = format!("{router:?}");
    let (routes, _fallback) = debug
        .split_once("fallback_router:")
        .expect("a router's Debug output names its fallback router");
    let mut paths = BTreeSet::new();
    let mut rest = routes;
    while let Some(start) = rest.find("RouteId(") {
        rest = &rest[start..];
        let Some(open) = rest.find("): \"") else {
            break;
        };
        let after = &rest[open + 4..];
        let Some(end) = after.find('"') else { break };
        let path = &after[..end];
        paths.insert(path.to_string());
        rest = &after[end..];
    }
    paths
}

async fn documented_paths(app: &TestApp) -> BTreeSet<String> {
    let doc: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    doc["paths"].as_object().unwrap().keys().cloned().collect()
}

fn undocumented(routed: &BTreeSet<String>, documented: &BTreeSet<String>) -> Vec<String> {
    routed
        .iter()
        .filter(|path| !exempt(path) && !documented.contains(*path))
        .cloned()
        .collect()
}

#[tokio::test]
async fn every_route_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let routed = routed_paths(&tali::app::router(app.state.clone()));
    for known in [
        "/health",
        "/api/v1/auth/login",
        "/api/v1/assessments/{id}/execute",
        "/api/openapi.json",
    ] {
        assert!(
            routed.contains(known),
            "the router's paths were read: {routed:?}"
        );
    }
    let documented = documented_paths(&app).await;
    assert_eq!(
        undocumented(&routed, &documented),
        Vec::<String>::new(),
        "routes missing from the OpenAPI document"
    );
    let unrouted: Vec<&String> = documented.difference(&routed).collect();
    assert!(
        unrouted.is_empty(),
        "documented paths no route serves: {unrouted:?}"
    );
}

#[tokio::test]
async fn a_route_added_outside_the_document_is_named() {
    let app = TestApp::spawn().await;
    let router =
        tali::app::router(app.state.clone()).route("/api/v1/backdoor", get(|| async { "" }));
    let routed = routed_paths(&router);
    assert_eq!(
        undocumented(&routed, &documented_paths(&app).await),
        ["/api/v1/backdoor"]
    );
}
