//! The email outbox: what was sent on the organization's behalf, readable in the app. Without an email
//! service configured this is where a local user finds the invitation and its link.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::pagination::{Page, PageParams};
use crate::app::AppState;
use crate::auth::CurrentUser;
use crate::db::entities::email_outbox;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_emails))
        .routes(routes!(get_email))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EmailOut {
    pub id: i32,
    pub to: String,
    pub subject: String,
    pub kind: String,
    pub status: String,
    pub transport: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EmailDetail {
    #[serde(flatten)]
    pub summary: EmailOut,
    pub html: String,
    pub text: String,
}

fn summary(row: &email_outbox::Model) -> EmailOut {
    EmailOut {
        id: row.id,
        to: row.to_email.clone(),
        subject: row.subject.clone(),
        kind: row.kind.clone(),
        status: row.status.clone(),
        transport: row.transport.clone(),
        created_at: row.created_at,
        sent_at: row.sent_at,
        error: row.last_error.clone(),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct EmailQuery {
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// Emails sent on the organization's behalf, newest first.
#[utoipa::path(get, path = "/emails", tag = "emails", params(EmailQuery),
    responses((status = 200, body = Page<EmailOut>)), security(("bearer" = [])))]
async fn list_emails(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(query): ApiQuery<EmailQuery>,
) -> ApiResult<Json<Page<EmailOut>>> {
    let (limit, offset) = PageParams {
        limit: query.limit,
        offset: query.offset,
    }
    .resolve()?;
    let select = email_outbox::Entity::find()
        .filter(email_outbox::Column::OrganizationId.eq(current.organization_id()));
    let total = select.clone().count(&state.db).await?;
    let rows = select
        .order_by_desc(email_outbox::Column::CreatedAt)
        .order_by_desc(email_outbox::Column::Id)
        .limit(limit)
        .offset(offset)
        .all(&state.db)
        .await?;
    Ok(Json(Page {
        items: rows.iter().map(summary).collect(),
        total,
        limit,
        offset,
    }))
}

/// One email with its HTML and text parts.
#[utoipa::path(get, path = "/emails/{id}", tag = "emails",
    responses((status = 200, body = EmailDetail), (status = 404)), security(("bearer" = [])))]
async fn get_email(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<EmailDetail>> {
    let row = email_outbox::Entity::find_by_id(id)
        .filter(email_outbox::Column::OrganizationId.eq(current.organization_id()))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("Email"))?;
    Ok(Json(EmailDetail {
        summary: summary(&row),
        html: row.html,
        text: row.text,
    }))
}
