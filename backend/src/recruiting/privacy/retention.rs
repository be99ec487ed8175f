//! The retention period: each organization keeps candidate data for `retention_months` (12 by default) after the
//! candidate's last assessment ended, then a daily job erases it with the same function as a request does.

use std::collections::HashSet;

use chrono::{DateTime, Months, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};

use super::erase::{self, Reason};
use super::{MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS};
use crate::db::entities::{assessment, candidate, organization};
use crate::domain::{Error, Result};
use crate::lifecycle::Status;
use crate::state::AppState;

/// The moment before which an organization keeping data `months` months no longer needs it.
pub fn cutoff(now: DateTime<Utc>, months: i32) -> DateTime<Utc> {
    let months = months.clamp(MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS) as u32;
    now.checked_sub_months(Months::new(months))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Erases every candidate past their organization's retention period at `now`; returns how many. A candidate is
/// due when they were added before the cutoff and none of their assessments was created, could still be
/// started, ran or completed after it. Safe on several workers at once: the erase locks the candidate and skips
/// one already erased.
pub async fn erase_due(state: &AppState, now: DateTime<Utc>) -> Result<u64> {
    let organizations: Vec<(i32, i32)> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .column(organization::Column::RetentionMonths)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut erased = 0;
    for (organization_id, months) in organizations {
        for id in due(state, organization_id, cutoff(now, months)).await? {
            match erase::erase(state, organization_id, id, Reason::Retention, None).await {
                Ok(_) => erased += 1,
                // Erased by another worker, or invited again since it was read: nothing to do now.
                Err(Error::NotFound(_) | Error::Conflict(_)) => {}
                Err(other) => return Err(other),
            }
        }
    }
    Ok(erased)
}

async fn due(state: &AppState, organization_id: i32, cutoff: DateTime<Utc>) -> Result<Vec<i32>> {
    let old: Vec<i32> = candidate::Entity::find()
        .select_only()
        .column(candidate::Column::Id)
        .filter(candidate::Column::OrganizationId.eq(organization_id))
        .filter(candidate::Column::ErasedAt.is_null())
        .filter(candidate::Column::CreatedAt.lt(cutoff))
        .into_tuple()
        .all(&state.db)
        .await?;
    if old.is_empty() {
        return Ok(old);
    }
    let recent: HashSet<i32> = assessment::Entity::find()
        .select_only()
        .column(assessment::Column::CandidateId)
        .filter(assessment::Column::OrganizationId.eq(organization_id))
        .filter(
            Condition::any()
                .add(assessment::Column::CreatedAt.gte(cutoff))
                .add(assessment::Column::ExpiresAt.gte(cutoff))
                .add(assessment::Column::DeadlineAt.gte(cutoff))
                .add(assessment::Column::CompletedAt.gte(cutoff))
                .add(
                    assessment::Column::Status
                        .is_in([Status::InProgress.as_str(), Status::Submitting.as_str()]),
                ),
        )
        .into_tuple::<i32>()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    Ok(old.into_iter().filter(|id| !recent.contains(id)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_cutoff_is_calendar_months_back_and_bounded() {
        let now = Utc.with_ymd_and_hms(2026, 12, 9, 3, 0, 0).unwrap();
        assert_eq!(
            cutoff(now, 12),
            Utc.with_ymd_and_hms(2025, 12, 9, 3, 0, 0).unwrap()
        );
        assert_eq!(
            cutoff(now, 1),
            Utc.with_ymd_and_hms(2026, 11, 9, 3, 0, 0).unwrap()
        );
        // Out-of-range settings are held to the bounds, never "keep nothing" or "keep forever".
        assert_eq!(cutoff(now, 0), cutoff(now, 1));
        assert_eq!(cutoff(now, 500), cutoff(now, MAX_RETENTION_MONTHS));
    }
}
