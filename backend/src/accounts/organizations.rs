//! The caller's own organization.

use chrono::{DateTime, Utc};
use garde::Validate;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, IntoActiveModel};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::entities::organization;
use crate::domain::input::{not_blank, optional_number};
use crate::domain::time_zone;
use crate::domain::{Error, Result};

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationOut {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub plan: String,
    pub billing_status: String,
    pub assessments_used: i32,
    pub assessments_limit: Option<i32>,
    pub workable_connected: bool,
    /// Whether a candidate sees their score after submitting.
    pub show_candidates_their_score: bool,
    /// Remind a candidate who has not started this many hours before their link expires; `null`: no reminder.
    pub remind_hours_before_expiry: Option<i32>,
    /// Months candidate data is kept after their last assessment ends; then it is erased.
    pub retention_months: i32,
    /// The IANA time zone the PDF report and the results email show times in.
    pub time_zone: String,
    pub created_at: DateTime<Utc>,
}

impl From<organization::Model> for OrganizationOut {
    fn from(org: organization::Model) -> Self {
        Self {
            id: org.id,
            name: org.name,
            slug: org.slug,
            plan: org.plan,
            billing_status: org.billing_status,
            assessments_used: org.assessments_used,
            assessments_limit: org.assessments_limit,
            workable_connected: org.workable_connected,
            show_candidates_their_score: org.show_candidates_their_score,
            remind_hours_before_expiry: org.remind_hours_before_expiry,
            retention_months: org.retention_months,
            time_zone: org.time_zone,
            created_at: org.created_at,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct OrganizationChanges {
    #[serde(default)]
    #[garde(inner(length(chars, min = 1, max = 200), custom(not_blank)))]
    pub name: Option<String>,
    /// Whether a candidate sees their score after submitting.
    #[serde(default)]
    #[garde(skip)]
    pub show_candidates_their_score: Option<bool>,
    /// Hours before the link expires to remind a candidate who has not started, 1 to 72; 0 turns reminders off.
    #[serde(default, deserialize_with = "optional_number")]
    #[garde(inner(range(min = 0, max = 72)))]
    pub remind_hours_before_expiry: Option<i32>,
    /// Months to keep candidate data after their last assessment ends, 1 to 120 (12 by default).
    #[serde(default, deserialize_with = "optional_number")]
    #[garde(inner(range(min = 1, max = 120)))]
    pub retention_months: Option<i32>,
    /// An IANA time zone name ("Europe/Berlin"); the PDF report and the results email show times in it.
    #[serde(default)]
    #[garde(inner(length(chars, max = 64)))]
    pub time_zone: Option<String>,
}

pub async fn load(db: &impl ConnectionTrait, id: i32) -> Result<organization::Model> {
    organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Organization"))
}

pub async fn rename(
    db: &impl ConnectionTrait,
    id: i32,
    changes: OrganizationChanges,
) -> Result<OrganizationOut> {
    // Checked before anything changes, so a bad zone leaves the organization as it was.
    let zone = changes
        .time_zone
        .as_deref()
        .map(time_zone::parse)
        .transpose()?;
    let mut org = load(db, id).await?.into_active_model();
    if let Some(zone) = zone {
        org.time_zone = Set(zone.name().to_string());
    }
    if let Some(name) = changes.name {
        org.name = Set(name.trim().to_string());
    }
    if let Some(show) = changes.show_candidates_their_score {
        org.show_candidates_their_score = Set(show);
    }
    if let Some(hours) = changes.remind_hours_before_expiry {
        org.remind_hours_before_expiry = Set((hours > 0).then_some(hours));
    }
    if let Some(months) = changes.retention_months {
        org.retention_months = Set(months);
    }
    org.updated_at = Set(Utc::now());
    Ok(org.update(db).await?.into())
}
