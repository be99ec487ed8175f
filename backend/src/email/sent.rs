//! Reading the outbox: what was sent on an organization's behalf, newest first. Without an email service
//! configured this is where a local user finds the invitation and its link.
//!
//! The team shares the outbox, but not the emails whose link is a credential for an account: a password reset
//! is shown only to the account it was sent to, and a team invitation (its link creates an account with a role)
//! only to those who manage the team.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::entities::{assessment, email_outbox};
use crate::domain::page::{self, Key, Page, PageRequest};
use crate::domain::roles::Role;
use crate::domain::{Error, Result};

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
    /// The assessment an invitation was for (still the organization's), so the preview can copy its link or send it
    /// again.
    pub assessment_id: Option<i32>,
    pub assessment_token: Option<String>,
}

/// Whether email leaves the building: without a transport every message stays in the outbox (`stored`) and the
/// recruiter has to hand the candidate their link.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryStatus {
    pub configured: bool,
    /// `resend` or `smtp` when configured.
    pub transport: Option<String>,
}

pub fn delivery_status(transport: Option<&dyn tali_mail::Transport>) -> DeliveryStatus {
    DeliveryStatus {
        configured: transport.is_some(),
        transport: transport.map(|t| t.name().to_string()),
    }
}

/// The assessment id in an invitation's idempotency key (`assessment-invite/<id>/<attempt>`).
fn invited_assessment(key: &str) -> Option<i32> {
    key.strip_prefix("assessment-invite/")?
        .split('/')
        .next()?
        .parse()
        .ok()
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

const PASSWORD_RESET: &str = "password-reset";
const TEAM_INVITATION: &str = "team-invitation";

/// Who reads the outbox: a member of the organization, with their address and role.
pub struct Reader<'a> {
    pub organization_id: i32,
    pub email: &'a str,
    pub role: Role,
}

/// The organization's emails this reader may see.
fn visible(reader: &Reader<'_>) -> sea_orm::Select<email_outbox::Entity> {
    let mut shown = Condition::any()
        .add(email_outbox::Column::Kind.is_not_in([PASSWORD_RESET, TEAM_INVITATION]))
        .add(email_outbox::Column::ToEmail.eq(reader.email));
    if reader.role >= Role::Admin {
        shown = shown.add(email_outbox::Column::Kind.eq(TEAM_INVITATION));
    }
    email_outbox::Entity::find()
        .filter(email_outbox::Column::OrganizationId.eq(reader.organization_id))
        .filter(shown)
}

/// One page of the organization's emails, with the total.
pub async fn list(
    db: &impl ConnectionTrait,
    reader: &Reader<'_>,
    page: &PageRequest,
) -> Result<Page<EmailOut>> {
    let select = visible(reader);
    let total = select.clone().count(db).await?;
    let rows = page::newest_first(
        select,
        email_outbox::Column::CreatedAt,
        email_outbox::Column::Id,
        page,
    )
    .all(db)
    .await?;
    let items = rows.iter().map(summary).collect();
    Ok(Page::from_rows(items, page.limit, total, |e: &EmailOut| {
        Key {
            created_at: e.created_at,
            id: e.id,
        }
    }))
}

/// One of the organization's emails with its HTML and text parts.
pub async fn read(db: &impl ConnectionTrait, reader: &Reader<'_>, id: i32) -> Result<EmailDetail> {
    let row = visible(reader)
        .filter(email_outbox::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Email"))?;
    let invited = match invited_assessment(&row.idempotency_key) {
        Some(assessment_id) => {
            assessment::Entity::find_by_id(assessment_id)
                .filter(assessment::Column::OrganizationId.eq(reader.organization_id))
                .one(db)
                .await?
        }
        None => None,
    };
    Ok(EmailDetail {
        summary: summary(&row),
        html: row.html,
        text: row.text,
        assessment_id: invited.as_ref().map(|a| a.id),
        assessment_token: invited.map(|a| a.token),
    })
}
