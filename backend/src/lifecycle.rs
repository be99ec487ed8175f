//! An assessment's lifecycle, in one place: its statuses, and every transition between them as one conditional
//! `UPDATE ... WHERE id = ? AND <status is one the transition may leave>`, so two requests racing for the same
//! assessment can never both win, and a transition that is not allowed says so instead of writing.
//!
//! `expired` is never stored: a pending assessment past `expires_at` is expired, so the answer is right at every
//! moment without a job rewriting rows. `submitting` is the short window while a submit runs the hidden tests;
//! users see it as `in_progress`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
};

use crate::db::entities::assessment;
use crate::domain::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Pending,
    InProgress,
    Submitting,
    Completed,
    Expired,
    Revoked,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Self::Pending,
        Self::InProgress,
        Self::Submitting,
        Self::Completed,
        Self::Expired,
        Self::Revoked,
    ];
    /// The statuses users see and filter by.
    pub const VISIBLE_NAMES: [&'static str; 5] =
        ["pending", "in_progress", "completed", "expired", "revoked"];

    /// The word stored in the database (and shown, for all but `submitting`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InProgress => "in_progress",
            Self::Submitting => "submitting",
            Self::Completed => "completed",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }

    /// What a user sees: a submit in flight is still the session in progress.
    pub fn visible(self) -> Status {
        match self {
            Self::Submitting => Self::InProgress,
            other => other,
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// The status now, from the stored status and the link's expiry.
pub fn derive(stored: &str, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Status {
    let stored = Status::parse(stored).unwrap_or(Status::Pending);
    if stored == Status::Pending && expires_at <= now {
        Status::Expired
    } else {
        stored
    }
}

/// The status of `assessment` now.
pub fn effective(assessment: &assessment::Model, now: DateTime<Utc>) -> Status {
    derive(&assessment.status, assessment.expires_at, now)
}

/// The SQL filter selecting assessments whose status is `wanted` now.
pub fn condition(wanted: Status, now: DateTime<Utc>) -> Condition {
    let stored = |s: Status| assessment::Column::Status.eq(s.as_str());
    match wanted {
        Status::Pending => Condition::all()
            .add(stored(Status::Pending))
            .add(assessment::Column::ExpiresAt.gt(now)),
        Status::Expired => Condition::all()
            .add(stored(Status::Pending))
            .add(assessment::Column::ExpiresAt.lte(now)),
        other => Condition::all().add(stored(other)),
    }
}

/// The SQL filter selecting assessments whose status is `wanted` as users see it (in progress includes a submit in
/// flight).
pub fn visible_condition(wanted: Status, now: DateTime<Utc>) -> Condition {
    match wanted {
        Status::InProgress => Condition::any()
            .add(condition(Status::InProgress, now))
            .add(condition(Status::Submitting, now)),
        other => condition(other, now),
    }
}

/// Every change of an assessment's status, and archiving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// The candidate starts the timer.
    Begin,
    /// Starting failed (no sandbox): the link goes back to the candidate untouched.
    AbandonBegin,
    /// A submit (the candidate's or the auto-submitter's) takes the session; only one can.
    ClaimSubmit,
    /// The claimed submit failed on our side: the candidate may submit again.
    ReleaseClaim,
    /// The claimed submit stored its results.
    Complete,
    /// More time before the link expires.
    Extend,
    /// The link stops working.
    Revoke,
    /// Hidden from lists, kept for the record.
    Archive,
}

impl Transition {
    pub const ALL: [Transition; 8] = [
        Self::Begin,
        Self::AbandonBegin,
        Self::ClaimSubmit,
        Self::ReleaseClaim,
        Self::Complete,
        Self::Extend,
        Self::Revoke,
        Self::Archive,
    ];

    /// The statuses this transition may leave.
    pub fn from(self) -> &'static [Status] {
        match self {
            Self::Begin | Self::Revoke => &[Status::Pending],
            Self::AbandonBegin | Self::ClaimSubmit => &[Status::InProgress],
            Self::ReleaseClaim | Self::Complete => &[Status::Submitting],
            Self::Extend => &[Status::Pending, Status::Expired],
            Self::Archive => &[Status::Completed, Status::Expired, Status::Revoked],
        }
    }

    /// The stored status after it; `None` when it keeps the status (archiving).
    pub fn to(self) -> Option<Status> {
        match self {
            Self::Begin | Self::ReleaseClaim => Some(Status::InProgress),
            Self::AbandonBegin | Self::Extend => Some(Status::Pending),
            Self::ClaimSubmit => Some(Status::Submitting),
            Self::Complete => Some(Status::Completed),
            Self::Revoke => Some(Status::Revoked),
            Self::Archive => None,
        }
    }

    /// Why it cannot happen to an assessment that is `from`, in a recruiter's or candidate's words.
    pub fn refusal(self, from: Status) -> String {
        let from = from.visible().as_str().replace('_', " ");
        match self {
            Self::Begin | Self::AbandonBegin => {
                format!("This assessment cannot be started: it is {from}")
            }
            Self::ClaimSubmit | Self::ReleaseClaim | Self::Complete => match from.as_str() {
                "in progress" => "This assessment is already being submitted".to_string(),
                "completed" => "This assessment has already been submitted".to_string(),
                _ => "This assessment has not been started".to_string(),
            },
            Self::Extend => {
                format!("Only a pending or expired assessment can be extended (this one is {from})")
            }
            Self::Revoke => {
                format!("Only a pending assessment can be revoked (this one is {from})")
            }
            Self::Archive => format!(
                "This assessment is {from}; it can be archived once it is submitted, revoked or expired"
            ),
        }
    }
}

/// Applies `transition` to assessment `id` (within `organization_id` when given) with the extra column `changes`,
/// as one conditional update. Fails with `NotFound`, or `Conflict` naming why the transition is not allowed.
pub async fn apply(
    db: &impl ConnectionTrait,
    id: i32,
    organization_id: Option<i32>,
    transition: Transition,
    mut changes: assessment::ActiveModel,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if let Some(to) = transition.to() {
        changes.status = Set(to.as_str().to_string());
    }
    if transition == Transition::Archive {
        changes.archived_at = Set(Some(now));
    }
    changes.updated_at = Set(now);
    let mut allowed = Condition::any();
    for from in transition.from() {
        allowed = allowed.add(condition(*from, now));
    }
    let mut update = assessment::Entity::update_many()
        .set(changes)
        .filter(assessment::Column::Id.eq(id))
        .filter(allowed);
    if let Some(organization_id) = organization_id {
        update = update.filter(assessment::Column::OrganizationId.eq(organization_id));
    }
    if update.exec(db).await?.rows_affected == 1 {
        return Ok(());
    }
    let mut current = assessment::Entity::find_by_id(id);
    if let Some(organization_id) = organization_id {
        current = current.filter(assessment::Column::OrganizationId.eq(organization_id));
    }
    match current.one(db).await? {
        None => Err(Error::not_found("Assessment")),
        Some(found) => Err(Error::Conflict(transition.refusal(effective(&found, now)))),
    }
}

/// The stored columns a transition leaves untouched except those given: an empty change set.
pub fn no_changes() -> assessment::ActiveModel {
    assessment::ActiveModel::default()
}

/// Sets `deadline_at` on a row the caller is about to begin; kept beside `Begin` so both columns move together.
pub fn begin_changes(now: DateTime<Utc>, duration_minutes: i32) -> assessment::ActiveModel {
    assessment::ActiveModel {
        started_at: Set(Some(now)),
        deadline_at: Set(Some(
            now + chrono::Duration::minutes(duration_minutes.into()),
        )),
        ..Default::default()
    }
}

/// Clears what `Begin` set.
pub fn abandon_changes() -> assessment::ActiveModel {
    assessment::ActiveModel {
        started_at: Set(None),
        deadline_at: Set(None),
        e2b_session_id: Set(None),
        ..Default::default()
    }
}

/// The SQL value `NULL` for a nullable timestamp column, for callers building their own conditions.
pub fn null_time() -> Expr {
    Expr::value(Option::<DateTime<Utc>>::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_leaves_only_live_statuses_and_lands_somewhere_stored() {
        for t in Transition::ALL {
            assert!(!t.from().is_empty(), "{t:?}");
            assert_ne!(
                t.to(),
                Some(Status::Expired),
                "{t:?}: expired is never stored"
            );
        }
    }

    #[test]
    fn stored_words_round_trip_and_submitting_looks_in_progress() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::Submitting.visible(), Status::InProgress);
        let now = Utc::now();
        assert_eq!(derive("pending", now, now), Status::Expired);
        assert_eq!(
            derive("pending", now + chrono::Duration::seconds(1), now),
            Status::Pending
        );
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(
            Transition::ClaimSubmit.refusal(Status::Submitting),
            "This assessment is already being submitted"
        );
        assert_eq!(
            Transition::Revoke.refusal(Status::Completed),
            "Only a pending assessment can be revoked (this one is completed)"
        );
    }
}
