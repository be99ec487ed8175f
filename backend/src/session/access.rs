//! Who may act on a session, and when: the assessment token proves the candidate, and work is accepted only while
//! the session runs and before its deadline.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::entities::{assessment, task};
use crate::domain::{Error, Result};
use crate::lifecycle::{self, Status};

pub async fn by_token(db: &impl ConnectionTrait, token: &str) -> Result<Option<assessment::Model>> {
    Ok(assessment::Entity::find()
        .filter(assessment::Column::Token.eq(token))
        .one(db)
        .await?)
}

/// The assessment `id`, proven by `token`: 401 for an unknown token, 403 for another assessment's.
pub async fn authorize(
    db: &impl ConnectionTrait,
    token: &str,
    id: i32,
) -> Result<assessment::Model> {
    let found = by_token(db, token)
        .await?
        .ok_or_else(|| Error::Unauthorized("Invalid assessment token".into()))?;
    if found.id != id {
        return Err(Error::Forbidden(
            "This token does not belong to this assessment".into(),
        ));
    }
    Ok(found)
}

/// A link a candidate may open: found (else 404), not revoked (404), expired (410) or completed (409).
pub fn check_link(
    found: Option<assessment::Model>,
    now: DateTime<Utc>,
) -> Result<assessment::Model> {
    let found = found.ok_or_else(|| Error::NotFound("This assessment link is not valid".into()))?;
    match lifecycle::effective(&found, now) {
        Status::Revoked => Err(Error::NotFound(
            "This assessment link has been revoked".into(),
        )),
        Status::Expired => Err(Error::Gone("This assessment link has expired".into())),
        Status::Completed => Err(Error::Conflict(
            "This assessment has already been submitted; the hiring team has your results".into(),
        )),
        Status::Pending | Status::InProgress | Status::Submitting => Ok(found),
    }
}

/// Work is accepted only while the session runs and before its deadline (plus `grace`).
pub fn require_running(
    found: &assessment::Model,
    now: DateTime<Utc>,
    grace: Duration,
) -> Result<()> {
    match lifecycle::effective(found, now) {
        Status::InProgress | Status::Submitting => {}
        Status::Completed => {
            return Err(Error::Conflict(
                "This assessment has already been submitted".into(),
            ));
        }
        Status::Revoked => return Err(Error::not_found("Assessment")),
        Status::Pending | Status::Expired => {
            return Err(Error::Conflict(
                "This assessment has not been started".into(),
            ));
        }
    }
    if found.deadline_at.is_some_and(|d| now > d + grace) {
        return Err(Error::Gone("Time is up for this assessment".into()));
    }
    Ok(())
}

pub async fn task_of(db: &impl ConnectionTrait, found: &assessment::Model) -> Result<task::Model> {
    task::Entity::find_by_id(found.task_id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("Task"))
}
