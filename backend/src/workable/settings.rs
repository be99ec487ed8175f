//! What the organization asks of the integration, kept in `organizations.workable_config`: the acting member,
//! results posted automatically on completion, and the stage map (`stage_map`: which job and stage invite to
//! which task). Saving keeps Workable's webhook subscription in step with the map (`subscription`).

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
use serde::{Deserialize, Serialize};
use tali_workable::JobsQuery;
use utoipa::ToSchema;

use super::connection::{self, ConnectionOut};
use super::session::{Session, call};
use super::stage_map::{self, Trigger, TriggerIn};
use super::subscription;
use crate::accounts::organizations;
use crate::db::entities::organization;
use crate::domain::{Error, Result};
use crate::state::AppState;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "Stored")]
pub struct Config {
    pub auto_post: bool,
    /// The stage map; no two mappings share a job (or "any job") and a stage.
    pub triggers: Vec<Trigger>,
}

/// The stored JSON as read: configs saved before the map held a single `trigger`, read as a map of one (they are
/// written back as `triggers` at the next save), so no stored value needs rewriting.
#[derive(Deserialize)]
struct Stored {
    #[serde(default)]
    auto_post: bool,
    #[serde(default)]
    triggers: Vec<Trigger>,
    #[serde(default)]
    trigger: Option<Trigger>,
}

impl From<Stored> for Config {
    fn from(stored: Stored) -> Self {
        let triggers = if stored.triggers.is_empty() {
            stored.trigger.into_iter().collect()
        } else {
            stored.triggers
        };
        Self {
            auto_post: stored.auto_post,
            triggers,
        }
    }
}

impl Config {
    pub fn of(org: &organization::Model) -> Self {
        org.workable_config
            .clone()
            .and_then(|value| serde_json::from_value(value).ok())
            .unwrap_or_default()
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SettingsIn {
    /// The Workable member to act as; unchanged when absent.
    pub member_id: Option<String>,
    #[serde(default)]
    pub auto_post: bool,
    /// The whole stage map (an empty list turns invitations from Workable off). At most 50 mappings, no two for
    /// the same job (or any job) and stage.
    pub triggers: Option<Vec<TriggerIn>>,
    /// The single mapping older clients send, used when `triggers` is absent (`null`: no mapping).
    pub trigger: Option<TriggerIn>,
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
    let stages = call!(session, state, |client| client.list_stages())?;
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
    let (wanted, field): (Vec<TriggerIn>, fn(usize) -> String) = match (new.triggers, new.trigger) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "trigger",
                "send the stage map as `triggers` only",
            ));
        }
        (Some(map), None) => (map, |index: usize| format!("triggers[{index}]")),
        (None, single) => (single.into_iter().collect(), |_: usize| {
            "trigger".to_owned()
        }),
    };
    let triggers = stage_map::checked(state, organization_id, &mut session, wanted, field).await?;
    let subscription_id = if !triggers.is_empty() {
        subscription::ensure(state, &mut session, &org).await
    } else {
        match &org.workable_subscription_id {
            Some(id) if !subscription::remove(state, &mut session, id).await => Some(id.clone()),
            _ => None,
        }
    };
    let config = Config {
        auto_post: new.auto_post,
        triggers,
    };
    let mut row = org.into_active_model();
    row.workable_member_id = Set(member_id);
    row.workable_subscription_id = Set(subscription_id);
    row.workable_config = Set(Some(
        serde_json::to_value(&config).map_err(anyhow::Error::from)?,
    ));
    row.updated_at = Set(Utc::now());
    let org = row.update(&state.db).await?;
    Ok(connection::out(state, &org))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapping(stage: &str) -> serde_json::Value {
        json!({"job_shortcode": null, "stage_slug": stage, "stage_name": stage, "task_id": 3,
            "duration_minutes": 45, "move_to_stage": "interview"})
    }

    #[test]
    fn a_config_saved_with_one_trigger_reads_as_a_map_of_one() {
        let old: Config =
            serde_json::from_value(json!({"auto_post": true, "trigger": mapping("assessment")}))
                .unwrap();
        assert!(old.auto_post);
        assert_eq!(old.triggers.len(), 1);
        assert_eq!(old.triggers[0].stage_slug, "assessment");
        assert_eq!(old.triggers[0].move_to_stage.as_deref(), Some("interview"));
        let off: Config =
            serde_json::from_value(json!({"auto_post": false, "trigger": null})).unwrap();
        assert!(off.triggers.is_empty());
    }

    #[test]
    fn a_config_is_written_and_read_back_as_a_map() {
        let map: Config = serde_json::from_value(
            json!({"auto_post": false, "triggers": [mapping("assessment"), mapping("offer")]}),
        )
        .unwrap();
        let written = serde_json::to_value(&map).unwrap();
        assert!(written.get("trigger").is_none(), "{written}");
        let read: Config = serde_json::from_value(written).unwrap();
        assert_eq!(read.triggers, map.triggers);
    }
}
