//! The JSON API under `/api/v1`, one module per resource, and its OpenAPI document.

pub mod analytics;
pub mod assessments;
pub mod auth;
pub mod billing;
pub mod candidates;
pub mod emails;
pub mod health;
pub mod organizations;
pub mod report;
pub mod session;
pub mod tasks;
pub mod team;
pub mod webhooks;
pub mod workable;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "TALI API", description = "Screen engineers by how they work with AI."),
    modifiers(&BearerAuth),
    tags(
        (name = "auth"), (name = "organizations"), (name = "tasks"), (name = "candidates"),
        (name = "assessments"), (name = "candidate"), (name = "analytics"), (name = "emails"), (name = "billing"), (name = "workable"), (name = "webhooks"),
        (name = "service")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every route the server answers besides the web app and the docs UI: the `/api/v1` routes, nested inside the
/// OpenAPI router so the document carries the full paths, and the service routes (health, metrics). Built only
/// from `routes!`, so each is in the OpenAPI document (`tests/server/openapi_routes.rs` holds the app to it).
pub fn router() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .merge(auth::router())
        .merge(organizations::router())
        .merge(team::router())
        .merge(tasks::router())
        .merge(candidates::router())
        .merge(assessments::router())
        .merge(session::router())
        .merge(analytics::router())
        .merge(emails::router())
        .merge(report::router())
        .merge(billing::router())
        .merge(workable::router())
        .merge(webhooks::router());
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(health::api_health))
        .routes(routes!(health::live))
        .routes(routes!(health::ready))
        .routes(routes!(health::metrics))
        .nest("/api/v1", v1)
}
