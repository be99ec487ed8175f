//! Similarity's "needs review": the one rule the detail page, the assessments list and the list's filter share,
//! and its reading for a whole page of the list at once (at most three IN queries per page, never one per row).
//! It is derived on read from the stored matches rather than stored beside them, so it cannot go stale: a rerun
//! of the check (which also rewrites the reverse matches in the other submissions), an erased candidate (whose
//! matches go in both directions), a renamed candidate or an edited reference solution show at once, everywhere.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, IntoTableRef, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, RelationDef,
};
use tali_similarity::{FLAG_SCORE, LEAK_MIN_SIZE, own_size};

use crate::db::entities::{assessment, candidate, similarity_match, task};
use crate::domain::Result;

/// The kinds of match that can put an assessment in "needs review" (the AI replies' code never does: using the
/// assistant is allowed, and its own signal scores it).
const FLAGGING_KINDS: [&str; 2] = ["submission", "reference"];

/// Whether the task's reference solution adds enough code to its starter for a match to mean a leak: a reference
/// that only fixes a few lines is what every correct answer looks like, so matching it is shown, never flagged.
pub fn reference_is_telling(task: &task::Model) -> bool {
    task.reference_solution
        .as_deref()
        .is_some_and(|r| adds_enough(r, &task.starter_code))
}

/// `own_size` fingerprints both texts, which costs more than the rest of a list page; the answer depends on the
/// two texts alone, so it is remembered by their hash (an edited reference or starter is a new key).
fn adds_enough(reference: &str, starter: &str) -> bool {
    static ANSWERS: LazyLock<moka::sync::Cache<u64, bool>> =
        LazyLock::new(|| moka::sync::Cache::new(1_000));
    let mut hasher = DefaultHasher::new();
    (reference, starter).hash(&mut hasher);
    ANSWERS.get_with(hasher.finish(), || {
        own_size(reference, starter) >= LEAK_MIN_SIZE
    })
}

/// Whether one match puts its assessment in "needs review". `kind` submission means another submission of the
/// same organization (a match whose other assessment cannot be read never counts).
pub fn flags(kind: &str, score: f64, reference_is_telling: bool) -> bool {
    score >= FLAG_SCORE
        && match kind {
            "submission" => true,
            "reference" => reference_is_telling,
            _ => false,
        }
}

/// The reviewer's sentence for a flagging match.
pub fn reason(
    kind: &str,
    score: f64,
    candidate_name: Option<&str>,
    other_assessment_id: Option<i32>,
) -> String {
    let share = (score * 100.0).round();
    match kind {
        "reference" => {
            format!("{share} % of the submitted code matches the task's reference solution")
        }
        _ => format!(
            "{share} % of the submitted code matches the submission of {} (assessment {})",
            candidate_name.unwrap_or("another candidate"),
            other_assessment_id.unwrap_or_default()
        ),
    }
}

/// Whether the list row's assessment has a match that may flag it, as a column of the page query: only those rows
/// go through `reasons_of`, so a page with none costs no query more than the page.
pub fn may_need_review() -> Expr {
    use similarity_match::Column as M;
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(similarity_match::Entity)
            .and_where(
                Expr::col((similarity_match::Entity, M::AssessmentId))
                    .equals((assessment::Entity, assessment::Column::Id)),
            )
            .and_where(M::Kind.is_in(FLAGGING_KINDS))
            .and_where(M::Score.gte(FLAG_SCORE))
            .to_owned(),
    )
}

/// A flagging match: its assessment, kind, other assessment and score, and the other assessment's organization
/// and candidate name.
type Match = (i32, String, Option<i32>, f64, Option<i32>, Option<String>);

/// One assessment of a page, as the lookup needs it.
#[derive(Debug, Clone, Copy)]
pub struct Owner {
    pub id: i32,
    pub organization_id: i32,
    pub task_id: i32,
}

/// The reason of every assessment of `owners` that needs review (the best flagging match's, as on the detail
/// page), by assessment id; the others are absent.
pub async fn reasons_of(
    db: &impl ConnectionTrait,
    owners: &[Owner],
) -> Result<HashMap<i32, String>> {
    let mut reasons = HashMap::new();
    if owners.is_empty() {
        return Ok(reasons);
    }
    use similarity_match::Column as M;
    // With the other submission's organization and candidate name joined in: one query for the page.
    let (other, other_candidate) = (Alias::new("other"), Alias::new("other_candidate"));
    let matches: Vec<Match> = similarity_match::Entity::find()
        .select_only()
        .columns([M::AssessmentId, M::Kind, M::OtherAssessmentId, M::Score])
        .expr_as(
            Expr::col((other.clone(), assessment::Column::OrganizationId)),
            "other_organization_id",
        )
        .expr_as(
            Expr::col((other_candidate.clone(), candidate::Column::FullName)),
            "other_name",
        )
        .join_as(
            JoinType::LeftJoin,
            similarity_match::Entity::belongs_to(assessment::Entity)
                .from(M::OtherAssessmentId)
                .to(assessment::Column::Id)
                .into(),
            other.clone(),
        )
        .join_as(
            JoinType::LeftJoin,
            {
                let mut of_other: RelationDef = assessment::Entity::belongs_to(candidate::Entity)
                    .from(assessment::Column::CandidateId)
                    .to(candidate::Column::Id)
                    .into();
                // From the joined other assessment, not the (unjoined) assessments table.
                of_other.from_tbl = other.clone().into_table_ref();
                of_other
            },
            other_candidate.clone(),
        )
        .filter(M::AssessmentId.is_in(owners.iter().map(|o| o.id)))
        .filter(M::Kind.is_in(FLAGGING_KINDS))
        .filter(M::Score.gte(FLAG_SCORE))
        // Best first, as the detail page reads them; the id settles ties the same way on every read.
        .order_by_desc(M::Score)
        .order_by_asc(M::Id)
        .into_tuple()
        .all(db)
        .await?;
    if matches.is_empty() {
        return Ok(reasons);
    }
    let owner_of: HashMap<i32, Owner> = owners.iter().map(|o| (o.id, *o)).collect();
    let referenced: HashSet<i32> = matches
        .iter()
        .filter(|m| m.1 == "reference")
        .filter_map(|m| owner_of.get(&m.0).map(|o| o.task_id))
        .collect();
    let telling = telling_tasks(db, referenced).await?;
    for (owner_id, kind, other_id, score, other_organization, other_name) in matches {
        let Some(owner) = owner_of.get(&owner_id) else {
            continue;
        };
        if reasons.contains_key(&owner_id) {
            continue;
        }
        let line = match (kind.as_str(), other_id, other_organization) {
            ("reference", _, _) if flags(&kind, score, telling.contains(&owner.task_id)) => {
                reason(&kind, score, None, None)
            }
            // Never another organization's submission.
            ("submission", Some(other_id), Some(org)) if org == owner.organization_id => {
                reason(&kind, score, other_name.as_deref(), Some(other_id))
            }
            _ => continue,
        };
        reasons.insert(owner_id, line);
    }
    Ok(reasons)
}

/// Which of `task_ids` have a telling reference solution.
async fn telling_tasks(db: &impl ConnectionTrait, task_ids: HashSet<i32>) -> Result<HashSet<i32>> {
    if task_ids.is_empty() {
        return Ok(HashSet::new());
    }
    let references: Vec<(i32, String, String)> = task::Entity::find()
        .select_only()
        .columns([
            task::Column::Id,
            task::Column::ReferenceSolution,
            task::Column::StarterCode,
        ])
        .filter(task::Column::Id.is_in(task_ids))
        .filter(task::Column::ReferenceSolution.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(references
        .into_iter()
        .filter(|(_, reference, starter)| adds_enough(reference, starter))
        .map(|(id, _, _)| id)
        .collect())
}

/// The list's filter: the organization's assessments that need review (`wanted` true) or do not (false), by
/// the same rule as `reasons_of`. Which tasks' references are telling is computed here, once per request, over
/// the tasks that have a flagging reference match in the organization.
pub async fn condition(
    db: &impl ConnectionTrait,
    organization_id: i32,
    wanted: bool,
) -> Result<Condition> {
    use similarity_match::Column as M;
    let flagging = |kind: &str| {
        Query::select()
            .column(M::AssessmentId)
            .from(similarity_match::Entity)
            .and_where(M::Kind.eq(kind))
            .and_where(M::Score.gte(FLAG_SCORE))
            .to_owned()
    };
    let of_organization = assessment::Entity::find()
        .select_only()
        .column(assessment::Column::Id)
        .filter(assessment::Column::OrganizationId.eq(organization_id))
        .into_query();
    let by_submission = flagging("submission")
        .and_where(M::OtherAssessmentId.in_subquery(of_organization))
        .to_owned();
    let referenced: HashSet<i32> = assessment::Entity::find()
        .select_only()
        .column(assessment::Column::TaskId)
        .distinct()
        .filter(assessment::Column::OrganizationId.eq(organization_id))
        .filter(assessment::Column::Id.in_subquery(flagging("reference")))
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let telling = telling_tasks(db, referenced).await?;
    let mut needs = Condition::any().add(assessment::Column::Id.in_subquery(by_submission));
    if !telling.is_empty() {
        needs = needs.add(
            Condition::all()
                .add(assessment::Column::TaskId.is_in(telling))
                .add(assessment::Column::Id.in_subquery(flagging("reference"))),
        );
    }
    Ok(if wanted { needs } else { needs.not() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_submission_and_telling_reference_matches_at_the_threshold_flag() {
        assert!(flags("submission", FLAG_SCORE, false));
        assert!(!flags("submission", FLAG_SCORE - 0.01, true));
        assert!(flags("reference", 0.9, true));
        assert!(!flags("reference", 0.9, false));
        assert!(!flags("ai", 1.0, true));
    }

    #[test]
    fn the_reason_names_the_other_submission_or_the_reference() {
        assert_eq!(
            reason("submission", 0.874, Some("Ada"), Some(12)),
            "87 % of the submitted code matches the submission of Ada (assessment 12)"
        );
        assert_eq!(
            reason("reference", 0.6, None, None),
            "60 % of the submitted code matches the task's reference solution"
        );
    }
}
