//! The assessment report as a PDF download (`crate::recruiting::report` renders it).

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::recruiting::report;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report_pdf))
}

/// The assessment's report: score, signals with explanations, tests, prompts, timeline, code.
#[utoipa::path(get, path = "/assessments/{id}/report.pdf", tag = "assessments",
    responses((status = 200, content_type = "application/pdf", description = "The PDF"), (status = 404),
        (status = 410, description = "The candidate's data was erased")),
    security(("bearer" = [])))]
async fn report_pdf(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Response> {
    let pdf = report::pdf(&state, current.organization_id(), id).await?;
    let filename = format!("tali-assessment-{id}.pdf");
    let mut response = Response::new(Body::from(pdf));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
