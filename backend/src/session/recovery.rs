//! Claims lost with their process. A submit claims the session (`submitting`, the code to grade stored with the
//! claim) and grades it; if the server is killed, or the request is cut off by the server's timeout, between the
//! claim and the grade, nothing would ever finish it: the candidate's retry is refused ("already being
//! submitted") and the auto-submitter only looks at sessions in progress. The worker's sweep takes such claims
//! over and grades the code they hold, once: taking one over is a compare-and-set on the claim's time, so two
//! workers sweeping together never grade the same session twice.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{SUBMIT_GRACE, access, events, submit};
use crate::db::entities::assessment;
use crate::domain::Result;
use crate::lifecycle::Status;
use crate::state::AppState;

/// Grades every session whose claim was lost (older than `SUBMIT_CLAIM_LOST_AFTER_SECONDS`, which no grading
/// takes: the submit request itself is cut at two minutes); answers how many it completed.
pub async fn recover_lost_claims(state: &AppState) -> Result<usize> {
    let lost_after = chrono::Duration::from_std(state.settings.session.claim_lost_after)
        .map_err(anyhow::Error::from)?;
    let cutoff = Utc::now() - lost_after;
    let lost = assessment::Entity::find()
        .filter(assessment::Column::Status.eq(Status::Submitting.as_str()))
        .filter(assessment::Column::UpdatedAt.lt(cutoff))
        .all(&state.db)
        .await?;
    let mut completed = 0;
    for found in lost {
        if !take_over(state, &found).await? {
            continue;
        }
        let id = found.id;
        let task = access::task_of(&state.db, &found).await?;
        let code = match found.final_code.clone() {
            Some(code) => code,
            None => events::latest_code(&state.db, &found, &task).await?,
        };
        // Claimed after the deadline and its grace: it was the auto-submitter's (or a too-late submit's) claim.
        let auto = found
            .deadline_at
            .is_some_and(|deadline| found.updated_at > deadline + SUBMIT_GRACE);
        match submit::graded_or_released(state, found, &task, code, auto).await {
            Ok(_) => completed += 1,
            Err(err) => {
                tracing::error!(assessment_id = id, error = %err, "recovering a lost submit failed")
            }
        }
    }
    Ok(completed)
}

/// Renews the claim's time if it is still the lost one; false when another worker took it first.
async fn take_over(state: &AppState, found: &assessment::Model) -> Result<bool> {
    let renewed = assessment::Entity::update_many()
        .col_expr(assessment::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(assessment::Column::Id.eq(found.id))
        .filter(assessment::Column::Status.eq(Status::Submitting.as_str()))
        .filter(assessment::Column::UpdatedAt.eq(found.updated_at))
        .exec(&state.db)
        .await?;
    Ok(renewed.rows_affected == 1)
}
