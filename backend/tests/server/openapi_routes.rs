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

async fn document(app: &TestApp) -> Value {
    app.client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn documented_paths(app: &TestApp) -> BTreeSet<String> {
    document(app).await["paths"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
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

/// What the schema fuzzer (scripts/fuzz.sh) needs of the document: each `{name}` in a path declared as a path
/// parameter, and each error answer described with the error body, so the fuzzer can hold the server to it.
#[tokio::test]
async fn path_parameters_and_error_answers_are_documented() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let templated: Vec<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for (method, operation) in item.as_object().unwrap() {
            let declared: Vec<&str> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            for name in &templated {
                assert!(
                    declared.contains(name),
                    "{method} {path}: {{{name}}} not declared"
                );
            }
            let responses = operation["responses"].as_object().unwrap();
            if !templated.is_empty() {
                assert!(
                    responses.contains_key("404"),
                    "{method} {path}: 404 undocumented"
                );
            }
            for (status, response) in responses {
                assert!(
                    response["description"]
                        .as_str()
                        .is_some_and(|d| !d.is_empty()),
                    "{method} {path}: {status} has no description"
                );
                if status.starts_with(['4', '5']) {
                    assert!(
                        response["content"]["application/json"]["schema"].is_object(),
                        "{method} {path}: {status} without a body schema"
                    );
                }
            }
            if operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty())
            {
                assert!(
                    responses.contains_key("401"),
                    "{method} {path}: 401 undocumented"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} operations found");
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["securitySchemes"]["assessment_token"].is_object());
}
