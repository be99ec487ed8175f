//! Candidates invited when they reach a mapped stage in Workable. `POST /webhooks/workable/{webhook id}` checks
//! `X-Workable-Signature` over the raw body (keyed with the account token, or the OAuth client secret), stores the
//! delivery (a replay is a no-op) and queues a job; the job re-reads the candidate from Workable, and when the
//! stage still falls under a mapping (the job's own before "any job") it claims the (candidate, job, stage) once
//! and sends that mapping's task through the usual sending path, billing included. What happened is kept for the
//! Workable tab's activity list.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tali_workable::webhook::{parse_candidate_event, verify_signature};
use utoipa::ToSchema;

use super::connection::{self, OAUTH};
use super::session::{Session, call};
use super::settings::Config;
use super::stage_map::mapping_for;
use crate::accounts::organizations;
use crate::db::entities::{webhook_event, workable_trigger};
use crate::domain::page::{self, Key, Page, PageRequest};
use crate::domain::{Error, Result};
use crate::jobs::Job;
use crate::recruiting::sending::{self, NewAssessment, WorkableOrigin};
use crate::state::AppState;

const PROVIDER: &str = "workable";

/// Checks and records one delivery, and queues its work. `Unauthorized` (401) for a bad signature, before the
/// body is read; `NotFound` for a webhook id no connected organization has.
pub async fn receive(
    state: &AppState,
    webhook_id: &str,
    raw_body: &[u8],
    signature: &str,
) -> Result<()> {
    let org = connection::by_webhook_id(&state.db, webhook_id)
        .await?
        .ok_or_else(|| Error::not_found("Workable webhook"))?;
    let key = match org.workable_auth_kind.as_deref() {
        Some(OAUTH) => state
            .settings
            .integrations
            .workable
            .oauth
            .as_ref()
            .map(|oauth| oauth.client_secret.clone())
            .ok_or_else(|| Error::unavailable("Workable OAuth is not configured"))?,
        _ => {
            let sealed = org
                .workable_access_token
                .as_deref()
                .ok_or_else(|| Error::not_found("Workable webhook"))?;
            connection::cipher(state).open(org.id, sealed)?
        }
    };
    if !verify_signature(raw_body, signature, &key) {
        return Err(Error::Unauthorized("Invalid Workable signature".into()));
    }
    let event = parse_candidate_event(raw_body).map_err(super::failure)?;
    let digest = hex::encode(Sha256::digest(raw_body));
    let recorded = webhook_event::Entity::insert(webhook_event::ActiveModel {
        provider: Set(PROVIDER.into()),
        event_id: Set(format!("{}:{digest}", org.id)),
        event_type: Set(event
            .event
            .clone()
            .unwrap_or_else(|| "candidate_moved".into())),
        received_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        webhook_event::Column::Provider,
        webhook_event::Column::EventId,
    ])
    .exec(&state.db)
    .await?;
    if !matches!(recorded, sea_orm::TryInsertResult::Inserted(_)) {
        tracing::info!(
            organization_id = org.id,
            "Workable delivery replayed; already received"
        );
        return Ok(());
    }
    // The body names the candidate's stage: most moves are not the mapped one and need no call to Workable.
    let map = Config::of(&org).triggers;
    if map.is_empty() {
        return Ok(());
    }
    let says_stage = event.stage.is_some() || event.stage_slug.is_some();
    if says_stage
        && mapping_for(
            &map,
            event.job_shortcode.as_deref(),
            event.stage.as_deref(),
            event.stage_slug.as_deref(),
        )
        .is_none()
    {
        return Ok(());
    }
    state
        .jobs
        .push(
            Job::WorkableCandidateMoved {
                organization_id: org.id,
                candidate_id: event.candidate_id,
            },
            &format!("workable-moved/{}/{digest}", org.id),
        )
        .await
        .map_err(|err| Error::unavailable(format!("Cannot queue the Workable event: {err}")))
}

/// The job: re-reads the candidate and invites them once if they are (still) in a mapped stage.
pub async fn run_job(state: &AppState, organization_id: i32, candidate_id: &str) -> Result<()> {
    let org = organizations::load(&state.db, organization_id).await?;
    let map = Config::of(&org).triggers;
    if map.is_empty() {
        return Ok(());
    }
    let mut session = Session::open(state, &org)?;
    let found = call!(session, state, |client| client.get_candidate(candidate_id))?;
    let job = found.job.as_ref().map(|job| job.shortcode.clone());
    let Some(trigger) = mapping_for(&map, job.as_deref(), found.stage.as_deref(), None) else {
        return Ok(());
    };
    if found.disqualified {
        return Ok(());
    }
    let name = match found.name.trim() {
        "" => [found.firstname.as_deref(), found.lastname.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
        name => name.to_owned(),
    };
    let claim = workable_trigger::Entity::insert(workable_trigger::ActiveModel {
        organization_id: Set(organization_id),
        workable_candidate_id: Set(found.id.clone()),
        job_shortcode: Set(job.clone().unwrap_or_default()),
        stage_slug: Set(trigger.stage_slug.clone()),
        candidate_name: Set(name.chars().take(200).collect()),
        // The mapping's promise as it stands now: the result post moves the candidate here even if the map is
        // edited (or the mapping removed) before the candidate finishes (see posting::post).
        move_to_stage: Set(trigger.move_to_stage.clone()),
        status: Set("sending".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        workable_trigger::Column::OrganizationId,
        workable_trigger::Column::WorkableCandidateId,
        workable_trigger::Column::JobShortcode,
        workable_trigger::Column::StageSlug,
    ])
    .exec_with_returning(&state.db)
    .await?;
    let sea_orm::TryInsertResult::Inserted(claimed) = claim else {
        return Ok(());
    };
    let outcome = match (found.email.clone(), org.workable_connected_by) {
        (None, _) => Err(Error::invalid(
            "email",
            "the candidate has no email in Workable",
        )),
        (_, None) => Err(Error::Conflict(
            "Connect Workable again: the recruiter who connected it is gone".into(),
        )),
        (Some(email), Some(sent_by)) => {
            let origin = WorkableOrigin {
                candidate_id: found.id.clone(),
                job_shortcode: job,
                data: candidate_data(&found),
            };
            let new = NewAssessment {
                task_id: trigger.task_id,
                candidate_id: None,
                candidate_email: Some(email),
                candidate_name: Some(name),
                position: found.job.as_ref().map(|job| job.title.clone()),
                duration_minutes: trigger.duration_minutes,
                ai_mode: None,
                link_valid_days: None,
            };
            sending::send_with_origin(state, organization_id, sent_by, new, Some(&origin)).await
        }
    };
    let mut row = claimed.into_active_model();
    match &outcome {
        Ok(created) => {
            row.status = Set("invited".into());
            row.assessment_id = Set(Some(created.id));
        }
        Err(err) => {
            row.status = Set("failed".into());
            row.error = Set(Some(err.to_string()));
            tracing::warn!(organization_id, error = %err, "a Workable stage trigger could not invite");
        }
    }
    row.update(&state.db).await?;
    Ok(())
}

fn candidate_data(found: &tali_workable::Candidate) -> serde_json::Value {
    serde_json::json!({
        "id": found.id,
        "name": found.name,
        "email": found.email,
        "stage": found.stage,
        "job": found.job.as_ref().map(|job| serde_json::json!({"shortcode": job.shortcode, "title": job.title})),
        "profile_url": found.profile_url,
    })
}

/// One stage trigger as the Workable tab lists it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityItem {
    pub id: i32,
    pub candidate_name: String,
    pub workable_candidate_id: String,
    pub job_shortcode: String,
    pub stage_slug: String,
    /// `sending`, `invited` or `failed`.
    pub status: String,
    pub assessment_id: Option<i32>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// One page of the organization's stage triggers, the most recent first.
pub async fn activity(
    state: &AppState,
    organization_id: i32,
    request: &PageRequest,
) -> Result<Page<ActivityItem>> {
    let query = workable_trigger::Entity::find()
        .filter(workable_trigger::Column::OrganizationId.eq(organization_id));
    let total = query.clone().count(&state.db).await?;
    let rows = page::newest_first(
        query,
        workable_trigger::Column::CreatedAt,
        workable_trigger::Column::Id,
        request,
    )
    .all(&state.db)
    .await?;
    let items = rows
        .into_iter()
        .map(|row| ActivityItem {
            id: row.id,
            candidate_name: row.candidate_name,
            workable_candidate_id: row.workable_candidate_id,
            job_shortcode: row.job_shortcode,
            stage_slug: row.stage_slug,
            status: row.status,
            assessment_id: row.assessment_id,
            error: row.error,
            created_at: row.created_at,
        })
        .collect();
    Ok(Page::from_rows(
        items,
        request.limit,
        total,
        |item: &ActivityItem| Key {
            created_at: item.created_at,
            id: item.id,
        },
    ))
}
