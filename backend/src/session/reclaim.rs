//! Sandboxes go when their session can no longer run code, not only after hours unused. A submit closes its
//! sandbox right after grading, but that close can be lost (the process stopped, the provider failed), and a
//! session can end without a submit: revoked, erased, or overdue past what the auto-submitter needs. The periodic
//! sweep asks the provider which sandboxes are open and closes each one whose assessment is in such a state.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::{SUBMIT_GRACE, sandbox_failure};
use crate::db::entities::assessment;
use crate::domain::Result;
use crate::lifecycle::Status;
use crate::state::AppState;

/// An overdue session stays the auto-submitter's for this long after its grace period: it grades the saved code
/// in the session's sandbox, which must not be closed under it. Past this the auto-submitter has failed many times
/// over; should it succeed later, it starts a fresh sandbox from the saved code.
const OVERDUE_MARGIN: Duration = Duration::minutes(10);

/// An assessment's id, status, deadline and erasure time, as read for the sweep.
type Row = (i32, String, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// What decides whether a session can still run code.
struct SessionState {
    status: Option<Status>,
    deadline_at: Option<DateTime<Utc>>,
    erased: bool,
}

/// Closes the open sandboxes of sessions that can no longer run code; returns how many it closed.
pub async fn reclaim_sandboxes(state: &AppState, now: DateTime<Utc>) -> Result<usize> {
    let Some(service) = &state.sandbox else {
        return Ok(0);
    };
    // Listed before the rows are read: a session only moves forward, so a row read later is never behind the
    // sandbox's view of it. Task proofs run in sandboxes of assessment 0 and close their own.
    let open: Vec<_> = service
        .open_sandboxes()
        .await
        .map_err(sandbox_failure)?
        .into_iter()
        .filter(|handle| handle.assessment_id > 0)
        .collect();
    let ids: BTreeSet<i32> = open
        .iter()
        .filter_map(|handle| i32::try_from(handle.assessment_id).ok())
        .collect();
    if ids.is_empty() {
        return Ok(0);
    }
    let rows: Vec<Row> = assessment::Entity::find()
        .select_only()
        .columns([
            assessment::Column::Id,
            assessment::Column::Status,
            assessment::Column::DeadlineAt,
            assessment::Column::ErasedAt,
        ])
        .filter(assessment::Column::Id.is_in(ids))
        .into_tuple()
        .all(&state.db)
        .await?;
    let sessions: HashMap<i64, SessionState> = rows
        .into_iter()
        .map(|(id, status, deadline_at, erased_at)| {
            let session = SessionState {
                status: Status::parse(&status),
                deadline_at,
                erased: erased_at.is_some(),
            };
            (i64::from(id), session)
        })
        .collect();
    let mut closed = 0;
    for handle in open {
        if can_run_code(sessions.get(&handle.assessment_id), now) {
            continue;
        }
        match service.close_sandbox(&handle).await {
            Ok(()) => {
                tracing::info!(sandbox_id = %handle.sandbox_id, assessment_id = handle.assessment_id,
                    "closed the sandbox of a session that can no longer run code");
                closed += 1;
            }
            // The next sweep tries again; one stuck sandbox does not keep the others open.
            Err(err) => {
                tracing::warn!(sandbox_id = %handle.sandbox_id, error = %err, "closing a finished session's sandbox failed")
            }
        }
    }
    Ok(closed)
}

/// In progress (up to the auto-submitter's margin past the deadline) or being graded: the sandbox is in use.
/// Anything else (completed, revoked, erased, a start that was abandoned, a row that is gone) cannot run code.
fn can_run_code(session: Option<&SessionState>, now: DateTime<Utc>) -> bool {
    let Some(session) = session.filter(|s| !s.erased) else {
        return false;
    };
    match session.status {
        Some(Status::InProgress) => session
            .deadline_at
            .is_none_or(|deadline| now < deadline + SUBMIT_GRACE + OVERDUE_MARGIN),
        Some(Status::Submitting) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(status: Status, deadline_in_minutes: Option<i64>, erased: bool) -> SessionState {
        SessionState {
            status: Some(status),
            deadline_at: deadline_in_minutes.map(|m| Utc::now() + Duration::minutes(m)),
            erased,
        }
    }

    #[test]
    fn only_live_and_grading_sessions_keep_their_sandbox() {
        let now = Utc::now();
        assert!(can_run_code(
            Some(&session(Status::InProgress, Some(30), false)),
            now
        ));
        assert!(can_run_code(
            Some(&session(Status::InProgress, Some(-5), false)),
            now
        ));
        assert!(can_run_code(
            Some(&session(Status::Submitting, Some(-60), false)),
            now
        ));
        assert!(!can_run_code(
            Some(&session(Status::InProgress, Some(-13), false)),
            now
        ));
        assert!(!can_run_code(
            Some(&session(Status::Completed, None, false)),
            now
        ));
        assert!(!can_run_code(
            Some(&session(Status::Revoked, None, false)),
            now
        ));
        assert!(!can_run_code(
            Some(&session(Status::Pending, None, false)),
            now
        ));
        assert!(!can_run_code(
            Some(&session(Status::InProgress, Some(30), true)),
            now
        ));
        assert!(!can_run_code(None, now));
    }
}
