//! Reminder emails: an organization may ask that a candidate who has not started be reminded N hours before their
//! link expires. A periodic job sends them; each assessment gets one reminder per expiry (an extension clears
//! `reminded_at`, so the new deadline gets its own).

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use tali_mail::templates::{ReminderData, reminder};

use crate::config::Settings;
use crate::db;
use crate::db::entities::{assessment, candidate, organization, task};
use crate::domain::Result;
use crate::email;
use crate::lifecycle::{self, Status};

/// The setting's bounds, in hours before the link expires.
pub const MIN_HOURS: i32 = 1;
pub const MAX_HOURS: i32 = 72;

/// Queues the reminders that are due at `now`; returns how many were queued. Safe to run on several workers at
/// once: each row is claimed by a conditional update before its email is queued, in one transaction, and the
/// outbox's idempotency key names the assessment and the expiry it reminds of.
pub async fn send_due(
    db: &DatabaseConnection,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<u64> {
    let organizations = organization::Entity::find()
        .filter(organization::Column::RemindHoursBeforeExpiry.is_not_null())
        .all(db)
        .await?;
    let mut queued = 0;
    for org in organizations {
        let Some(hours) = org.remind_hours_before_expiry else {
            continue;
        };
        let window = Duration::hours(i64::from(hours.clamp(MIN_HOURS, MAX_HOURS)));
        let due = assessment::Entity::find()
            .filter(assessment::Column::OrganizationId.eq(org.id))
            .filter(lifecycle::condition(Status::Pending, now))
            .filter(assessment::Column::ExpiresAt.lte(now + window))
            .filter(assessment::Column::RemindedAt.is_null())
            .filter(assessment::Column::ArchivedAt.is_null())
            .all(db)
            .await?;
        for found in due {
            // An invitation sent inside the window already told the candidate how little time is left.
            if found.created_at > found.expires_at - window {
                continue;
            }
            if remind(db, settings, &org, &found, now).await? {
                queued += 1;
            }
        }
    }
    Ok(queued)
}

/// Claims `found` and queues its reminder; `false` when another worker claimed it first, or it changed (started,
/// revoked, extended) since it was read.
async fn remind(
    db: &DatabaseConnection,
    settings: &Settings,
    org: &organization::Model,
    found: &assessment::Model,
    now: DateTime<Utc>,
) -> Result<bool> {
    let txn = db::write_transaction(db).await?;
    let claimed = assessment::Entity::update_many()
        .col_expr(assessment::Column::RemindedAt, Expr::value(now))
        .filter(assessment::Column::Id.eq(found.id))
        .filter(assessment::Column::RemindedAt.is_null())
        .filter(assessment::Column::Status.eq(Status::Pending.as_str()))
        .filter(assessment::Column::ExpiresAt.eq(found.expires_at))
        .exec(&txn)
        .await?
        .rows_affected;
    if claimed != 1 {
        return Ok(false);
    }
    let message = reminder_email(&txn, settings, org, found, now).await?;
    let Some(message) = message else {
        // The candidate or task is gone; the claim stays so the row is not read again every sweep.
        txn.commit().await?;
        return Ok(false);
    };
    email::queue(
        &txn,
        Some(org.id),
        message,
        format!(
            "assessment-reminder/{}/{}",
            found.id,
            found.expires_at.timestamp()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

async fn reminder_email(
    db: &impl ConnectionTrait,
    settings: &Settings,
    org: &organization::Model,
    found: &assessment::Model,
    now: DateTime<Utc>,
) -> Result<Option<tali_mail::Email>> {
    let candidate = candidate::Entity::find_by_id(found.candidate_id)
        .one(db)
        .await?;
    let task = task::Entity::find_by_id(found.task_id).one(db).await?;
    let (Some(candidate), Some(task)) = (candidate, task) else {
        return Ok(None);
    };
    Ok(Some(reminder(&ReminderData {
        candidate_name: found.candidate_name.clone(),
        candidate_email: candidate.email,
        organization_name: org.name.clone(),
        task_name: task.name,
        duration_minutes: found.duration_minutes.max(0) as u32,
        expires_at: found.expires_at,
        hours_left: (found.expires_at - now).num_hours().max(0) as u32,
        link: settings.candidate_link(&found.token),
    })))
}
