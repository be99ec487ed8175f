//! What the organization asks of the integration, kept in `organizations.workable_config`: the acting member,
//! results posted automatically on completion, and the stage trigger (a job, or any job, and a stage → a task,
//! a duration, and optionally the stage to move the candidate to once the result is posted).

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use serde::{Deserialize, Serialize};
use tali_workable::{JobsQuery, Stage};
use utoipa::ToSchema;

use super::connection::{self, ConnectionOut};
use super::session::{Session, call};
use crate::accounts::organizations;
use crate::db::entities::organization;
use crate::domain::{Error, Result};
use crate::recruiting::tasks;
use crate::state::AppState;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub auto_post: bool,
    #[serde(default)]
    pub trigger: Option<Trigger>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

impl Config {
    pub fn of(org: &organization::Model) -> Self {
        org.workable_config
            .clone()
            .and_then(|value| serde_json::from_value(value).ok())
            .unwrap_or_default()
    }
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
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TriggerOut {
    pub job_shortcode: Option<String>,
    pub stage_slug: String,
    pub stage_name: String,
    pub task_id: i32,
    pub duration_minutes: Option<i32>,
    pub move_to_stage: Option<String>,
}

impl From<Trigger> for TriggerOut {
    fn from(t: Trigger) -> Self {
        Self {
            job_shortcode: t.job_shortcode,
            stage_slug: t.stage_slug,
            stage_name: t.stage_name,
            task_id: t.task_id,
            duration_minutes: t.duration_minutes,
            move_to_stage: t.move_to_stage,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SettingsIn {
    /// The Workable member to act as; unchanged when absent.
    pub member_id: Option<String>,
    #[serde(default)]
    pub auto_post: bool,
    /// `null` turns the stage trigger off.
    pub trigger: Option<TriggerIn>,
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

/// Live from Workable, for the tab's pickers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Options {
    pub members: Vec<OptionItem>,
    pub jobs: Vec<OptionItem>,
    pub stages: Vec<OptionItem>,
}

/// `id` is a member id, a job shortcode or a stage slug.
#[derive(Debug, Serialize, ToSchema)]
pub struct OptionItem {
    pub id: String,
    pub name: String,
}

pub async fn options(state: &AppState, organization_id: i32) -> Result<Options> {
    let mut session = Session::load(state, organization_id).await?;
    let members = call!(session, state, |client| client.list_members())?;
    let jobs = call!(session, state, |client| client
        .list_jobs(&JobsQuery::default()))?;
    let stages = account_stages(state, &mut session).await?;
    Ok(Options {
        members: members
            .into_iter()
            .map(|m| OptionItem {
                name: match &m.email {
                    Some(email) => format!("{} ({email})", m.name),
                    None => m.name,
                },
                id: m.id,
            })
            .collect(),
        jobs: jobs
            .into_iter()
            .filter(|j| j.state.as_deref() != Some("archived"))
            .map(|j| OptionItem {
                id: j.shortcode,
                name: j.title,
            })
            .collect(),
        stages: stages
            .into_iter()
            .map(|s| OptionItem {
                id: s.slug,
                name: s.name,
            })
            .collect(),
    })
}

async fn account_stages(state: &AppState, session: &mut Session) -> Result<Vec<Stage>> {
    call!(session, state, |client| client.list_stages())
}

/// Checks every choice against Workable and TALI before saving it.
pub async fn save(
    state: &AppState,
    organization_id: i32,
    new: SettingsIn,
) -> Result<ConnectionOut> {
    let org = organizations::load(&state.db, organization_id).await?;
    let mut session = Session::open(state, &org)?;
    let member_id = match new.member_id.map(|id| id.trim().to_owned()) {
        Some(id) if !id.is_empty() => {
            let members = call!(session, state, |client| client.list_members())?;
            if !members.iter().any(|m| m.id == id) {
                return Err(Error::invalid(
                    "member_id",
                    "is not a member of this Workable account",
                ));
            }
            Some(id)
        }
        _ => org.workable_member_id.clone(),
    };
    let trigger = match new.trigger {
        None => None,
        Some(wanted) => Some(checked_trigger(state, organization_id, &mut session, wanted).await?),
    };
    let config = Config {
        auto_post: new.auto_post,
        trigger,
    };
    let mut row = org.into_active_model();
    row.workable_member_id = Set(member_id);
    row.workable_config = Set(Some(
        serde_json::to_value(&config).map_err(anyhow::Error::from)?,
    ));
    row.updated_at = Set(Utc::now());
    let org = row.update(&state.db).await?;
    Ok(connection::out(state, &org))
}

async fn checked_trigger(
    state: &AppState,
    organization_id: i32,
    session: &mut Session,
    wanted: TriggerIn,
) -> Result<Trigger> {
    let task = tasks::find_visible(&state.db, organization_id, wanted.task_id)
        .await
        .map_err(|_| Error::invalid("trigger.task_id", "no such task"))?;
    if !task.is_active {
        return Err(Error::invalid("trigger.task_id", "this task is archived"));
    }
    if let Some(minutes) = wanted.duration_minutes
        && !(5..=180).contains(&minutes)
    {
        return Err(Error::invalid(
            "trigger.duration_minutes",
            "must be between 5 and 180",
        ));
    }
    let job_shortcode = wanted
        .job_shortcode
        .map(|j| j.trim().to_owned())
        .filter(|j| !j.is_empty());
    let stages = match &job_shortcode {
        Some(job) => call!(session, state, |client| client.list_job_stages(job)).map_err(
            |err| match err {
                Error::NotFound(_) => {
                    Error::invalid("trigger.job_shortcode", "no such Workable job")
                }
                other => other,
            },
        )?,
        None => account_stages(state, session).await?,
    };
    let stage = stages
        .iter()
        .find(|s| s.slug == wanted.stage_slug.trim())
        .ok_or_else(|| Error::invalid("trigger.stage_slug", "is not a stage of this pipeline"))?;
    let move_to_stage = wanted
        .move_to_stage
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    if let Some(target) = &move_to_stage
        && !stages.iter().any(|s| &s.slug == target)
    {
        return Err(Error::invalid(
            "trigger.move_to_stage",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn trigger(job: Option<&str>) -> Trigger {
        Trigger {
            job_shortcode: job.map(str::to_owned),
            stage_slug: "assessment".into(),
            stage_name: "Assessment".into(),
            task_id: 1,
            duration_minutes: None,
            move_to_stage: None,
        }
    }

    #[test]
    fn a_trigger_matches_its_job_and_stage() {
        let any_job = trigger(None);
        assert!(any_job.matches(Some("ACME001"), Some("Assessment"), None));
        assert!(any_job.matches(None, None, Some("assessment")));
        assert!(!any_job.matches(Some("ACME001"), Some("Interview"), None));
        let one_job = trigger(Some("ACME001"));
        assert!(one_job.matches(Some("acme001"), Some("assessment"), None));
        assert!(!one_job.matches(Some("ACME002"), Some("Assessment"), None));
        assert!(!one_job.matches(None, Some("Assessment"), None));
    }
}
