//! The email outbox, readable in the app (`crate::email::sent`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::email::sent::{self, DeliveryStatus, EmailDetail, EmailOut, Reader};
use crate::error::ApiResult;
use crate::extract::{ApiPath, ApiQuery};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_emails))
        .routes(routes!(get_email))
        .routes(routes!(delivery_status))
}

fn reader(current: &CurrentUser) -> Reader<'_> {
    Reader {
        organization_id: current.organization_id(),
        email: &current.user.email,
        role: current.role(),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct EmailQuery {
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// Continue after the last row of a page (its `next_cursor`).
    pub cursor: Option<String>,
}

/// Emails sent on the organization's behalf, newest first.
#[utoipa::path(get, path = "/emails", tag = "emails", params(EmailQuery),
    responses((status = 200, body = Page<EmailOut>)), security(("bearer" = [])))]
async fn list_emails(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<EmailQuery>,
) -> ApiResult<Json<Page<EmailOut>>> {
    let page = PageParams {
        limit: query.limit,
        offset: query.offset,
        cursor: query.cursor,
    }
    .request()?;
    let found = sent::list(&state.db, &reader(&current), &page).await?;
    Ok(Json(Page::answer(found, &page)))
}

/// One email with its HTML and text parts.
#[utoipa::path(get, path = "/emails/{id}", tag = "emails",
    responses((status = 200, body = EmailDetail), (status = 404)), security(("bearer" = [])))]
async fn get_email(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<EmailDetail>> {
    Ok(Json(sent::read(&state.db, &reader(&current), id).await?))
}

/// Whether an email service is configured; without one, invitations stay here and the candidate needs their link
/// from the recruiter.
#[utoipa::path(get, path = "/emails/status", tag = "emails",
    responses((status = 200, body = DeliveryStatus)), security(("bearer" = [])))]
async fn delivery_status(
    State(state): State<AppState>,
    _current: CurrentUser,
) -> Json<DeliveryStatus> {
    Json(sent::delivery_status(state.mail_transport.as_deref()))
}
