//! The stage map: (a job, or any job, and a stage) → a task, a duration, and optionally the stage to move the
//! candidate to once the result is posted. Which mapping a candidate falls under, and each mapping checked
//! against Workable and the organization's tasks before it is saved.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tali_workable::Stage;
use utoipa::ToSchema;

use super::session::{Session, call};
use crate::domain::{Error, Invalid, Result};
use crate::recruiting::tasks;
use crate::state::AppState;

/// More mappings than any pipeline has stages times a few jobs; it bounds the Workable calls of one save.
pub const MAX_MAPPINGS: usize = 50;

/// One mapping, as stored in the organization's config and as the settings answer shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Trigger {
    /// `None`: candidates of any job.
    pub job_shortcode: Option<String>,
    pub stage_slug: String,
    /// Workable's candidate names its stage by name, not slug.
    pub stage_name: String,
    pub task_id: i32,
    pub duration_minutes: Option<i32>,
    pub move_to_stage: Option<String>,
}

impl Trigger {
    /// Whether a candidate of `job` now in the stage named `stage_name` (or with slug `stage_slug`) is one to invite.
    pub fn matches(
        &self,
        job: Option<&str>,
        stage_name: Option<&str>,
        stage_slug: Option<&str>,
    ) -> bool {
        let job_matches = self
            .job_shortcode
            .as_deref()
            .is_none_or(|wanted| job.is_some_and(|job| job.eq_ignore_ascii_case(wanted)));
        let stage_matches = stage_slug.is_some_and(|slug| slug == self.stage_slug)
            || stage_name.is_some_and(|name| name.eq_ignore_ascii_case(&self.stage_name));
        job_matches && stage_matches
    }

    /// Two mappings with the same key would both claim the same candidates.
    fn same_key(&self, other: &Trigger) -> bool {
        let same_job = match (&self.job_shortcode, &other.job_shortcode) {
            (None, None) => true,
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        same_job && self.stage_slug == other.stage_slug
    }

    fn describe(&self) -> String {
        format!(
            "{} in {}",
            self.job_shortcode.as_deref().unwrap_or("any job"),
            self.stage_name
        )
    }
}

/// The mapping a candidate of `job` in this stage falls under: one made for that job wins over an "any job"
/// one for the same stage (the recruiter made it to treat that job differently).
pub fn mapping_for<'a>(
    map: &'a [Trigger],
    job: Option<&str>,
    stage_name: Option<&str>,
    stage_slug: Option<&str>,
) -> Option<&'a Trigger> {
    let mut matching = map
        .iter()
        .filter(|t| t.matches(job, stage_name, stage_slug));
    let first = matching.next()?;
    if first.job_shortcode.is_some() {
        return Some(first);
    }
    Some(
        matching
            .find(|t| t.job_shortcode.is_some())
            .unwrap_or(first),
    )
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TriggerIn {
    /// Empty or absent: any job.
    pub job_shortcode: Option<String>,
    pub stage_slug: String,
    pub task_id: i32,
    pub duration_minutes: Option<i32>,
    pub move_to_stage: Option<String>,
}

/// Checks every mapping; `field(i)` names the i-th in errors (`triggers[2]`, or `trigger` for the single mapping
/// older clients send). Every row's first problem is reported at once, so the tab can mark each row; failures
/// of Workable itself stop the check.
pub async fn checked(
    state: &AppState,
    organization_id: i32,
    session: &mut Session,
    wanted: Vec<TriggerIn>,
    field: impl Fn(usize) -> String,
) -> Result<Vec<Trigger>> {
    if wanted.len() > MAX_MAPPINGS {
        return Err(Error::invalid(
            "triggers",
            format!("at most {MAX_MAPPINGS} stage mappings"),
        ));
    }
    // The stages of a job (or of the account) are asked once per save, however many mappings name it.
    let mut pipelines: HashMap<Option<String>, Vec<Stage>> = HashMap::new();
    let mut map: Vec<Trigger> = Vec::with_capacity(wanted.len());
    let mut problems: Vec<Invalid> = Vec::new();
    for (index, one) in wanted.into_iter().enumerate() {
        let name = field(index);
        match checked_one(state, organization_id, session, &mut pipelines, one, &name).await {
            Ok(trigger) => {
                if let Some(position) = map.iter().position(|t| t.same_key(&trigger)) {
                    problems.push(Invalid {
                        field: format!("{name}.stage_slug"),
                        message: format!(
                            "{} is already mapped by mapping {}",
                            trigger.describe(),
                            position + 1
                        ),
                    });
                }
                map.push(trigger);
            }
            Err(Error::Invalid(found)) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(Error::Invalid(problems))
    }
}

async fn checked_one(
    state: &AppState,
    organization_id: i32,
    session: &mut Session,
    pipelines: &mut HashMap<Option<String>, Vec<Stage>>,
    wanted: TriggerIn,
    field: &str,
) -> Result<Trigger> {
    let task = tasks::find_visible(&state.db, organization_id, wanted.task_id)
        .await
        .map_err(|_| Error::invalid(&format!("{field}.task_id"), "no such task"))?;
    if !task.is_active {
        return Err(Error::invalid(
            &format!("{field}.task_id"),
            "this task is archived",
        ));
    }
    if let Some(minutes) = wanted.duration_minutes
        && !(5..=180).contains(&minutes)
    {
        return Err(Error::invalid(
            &format!("{field}.duration_minutes"),
            "must be between 5 and 180",
        ));
    }
    let job_shortcode = wanted
        .job_shortcode
        .map(|j| j.trim().to_owned())
        .filter(|j| !j.is_empty());
    if !pipelines.contains_key(&job_shortcode) {
        let stages = pipeline(state, session, job_shortcode.as_deref(), field).await?;
        pipelines.insert(job_shortcode.clone(), stages);
    }
    let stages = &pipelines[&job_shortcode];
    let stage = stages
        .iter()
        .find(|s| s.slug == wanted.stage_slug.trim())
        .ok_or_else(|| {
            Error::invalid(
                &format!("{field}.stage_slug"),
                "is not a stage of this pipeline",
            )
        })?;
    let move_to_stage = wanted
        .move_to_stage
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    if let Some(target) = &move_to_stage
        && !stages.iter().any(|s| &s.slug == target)
    {
        return Err(Error::invalid(
            &format!("{field}.move_to_stage"),
            "is not a stage of this pipeline",
        ));
    }
    Ok(Trigger {
        job_shortcode,
        stage_slug: stage.slug.clone(),
        stage_name: stage.name.clone(),
        task_id: task.id,
        duration_minutes: wanted.duration_minutes,
        move_to_stage,
    })
}

/// The stages of a job's pipeline, or of the account for "any job".
async fn pipeline(
    state: &AppState,
    session: &mut Session,
    job: Option<&str>,
    field: &str,
) -> Result<Vec<Stage>> {
    match job {
        Some(job) => {
            call!(session, state, |client| client.list_job_stages(job)).map_err(|err| match err {
                Error::NotFound(_) => {
                    Error::invalid(&format!("{field}.job_shortcode"), "no such Workable job")
                }
                other => other,
            })
        }
        None => call!(session, state, |client| client.list_stages()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigger(job: Option<&str>, task_id: i32) -> Trigger {
        Trigger {
            job_shortcode: job.map(str::to_owned),
            stage_slug: "assessment".into(),
            stage_name: "Assessment".into(),
            task_id,
            duration_minutes: None,
            move_to_stage: None,
        }
    }

    #[test]
    fn a_trigger_matches_its_job_and_stage() {
        let any_job = trigger(None, 1);
        assert!(any_job.matches(Some("ACME001"), Some("Assessment"), None));
        assert!(any_job.matches(None, None, Some("assessment")));
        assert!(!any_job.matches(Some("ACME001"), Some("Interview"), None));
        let one_job = trigger(Some("ACME001"), 1);
        assert!(one_job.matches(Some("acme001"), Some("assessment"), None));
        assert!(!one_job.matches(Some("ACME002"), Some("Assessment"), None));
        assert!(!one_job.matches(None, Some("Assessment"), None));
    }

    #[test]
    fn a_jobs_own_mapping_wins_over_any_job_whatever_the_order() {
        let map = vec![trigger(None, 1), trigger(Some("ACME002"), 2)];
        let chosen =
            |job| mapping_for(&map, Some(job), Some("Assessment"), None).map(|t| t.task_id);
        assert_eq!(chosen("ACME002"), Some(2));
        assert_eq!(chosen("ACME001"), Some(1));
        let reversed: Vec<Trigger> = map.iter().rev().cloned().collect();
        assert_eq!(
            mapping_for(&reversed, Some("acme002"), Some("Assessment"), None).map(|t| t.task_id),
            Some(2)
        );
        assert!(mapping_for(&map, Some("ACME001"), Some("Interview"), None).is_none());
        assert!(mapping_for(&[], Some("ACME001"), Some("Assessment"), None).is_none());
    }

    #[test]
    fn the_same_job_and_stage_is_one_key() {
        assert!(trigger(None, 1).same_key(&trigger(None, 2)));
        assert!(trigger(Some("ACME001"), 1).same_key(&trigger(Some("acme001"), 2)));
        assert!(!trigger(None, 1).same_key(&trigger(Some("ACME001"), 1)));
        let mut other_stage = trigger(None, 1);
        other_stage.stage_slug = "interview".into();
        assert!(!trigger(None, 1).same_key(&other_stage));
    }
}
