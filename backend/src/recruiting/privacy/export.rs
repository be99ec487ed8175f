//! A candidate's data as one JSON archive (the right of access and portability): who they are, every assessment
//! with its code, snapshots, evidence and chat, and every email sent to them. Read-only; tenant-scoped.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::erase::find_erasable;
use crate::accounts::organizations;
use crate::db::entities::{
    assessment, assessment_event, candidate, chat_exchange, email_outbox, task, understanding_check,
};
use crate::domain::Result;
use crate::lifecycle;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateExport {
    pub exported_at: DateTime<Utc>,
    /// The organization that holds the data (the controller).
    pub organization: String,
    pub candidate: ExportedCandidate,
    pub assessments: Vec<ExportedAssessment>,
    /// Every email the organization sent to the candidate.
    pub emails: Vec<ExportedEmail>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedCandidate {
    pub id: i32,
    pub email: String,
    pub full_name: String,
    pub position: Option<String>,
    pub workable_candidate_id: Option<String>,
    /// What Workable sent about the candidate, when they came from there.
    pub workable_data: Option<Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the candidate was removed from the organization's lists (the data stays until erased).
    pub deleted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedAssessment {
    pub id: i32,
    pub task: String,
    pub status: String,
    pub candidate_name: String,
    pub candidate_position: Option<String>,
    pub ai_mode: String,
    pub duration_minutes: i32,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub deadline_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub score: Option<f64>,
    pub tests_passed: Option<i32>,
    pub tests_total: Option<i32>,
    pub code_quality_score: Option<f64>,
    pub time_efficiency_score: Option<f64>,
    pub ai_usage_score: Option<f64>,
    pub final_code: Option<String>,
    pub code_snapshots: Option<Value>,
    pub timeline: Option<Value>,
    pub test_results: Option<Value>,
    pub score_report: Option<Value>,
    /// The IDE's and the server's records of the session: snapshots, pastes, focus changes, runs.
    pub events: Vec<ExportedEvent>,
    pub chat: Vec<ExportedChat>,
    /// The questions they were asked after submitting, their answers and the grades, when they opened the check.
    pub understanding_check: Option<ExportedUnderstanding>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedUnderstanding {
    pub status: String,
    pub questions: Value,
    pub answers: Option<Value>,
    pub grades: Option<Value>,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedEvent {
    pub kind: String,
    /// Milliseconds since the session started.
    pub t_ms: i64,
    pub at: DateTime<Utc>,
    pub data: Option<Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedChat {
    pub message: String,
    pub response: String,
    pub created_at: DateTime<Utc>,
    pub responded_at: DateTime<Utc>,
    pub quality_score: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedEmail {
    pub kind: String,
    pub to_email: String,
    pub subject: String,
    pub text: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// Everything the organization holds about candidate `id`; 404 for another organization's or an erased one.
pub async fn export(state: &AppState, organization_id: i32, id: i32) -> Result<CandidateExport> {
    let db = &state.db;
    let found = find_erasable(db, organization_id, id).await?;
    let organization = organizations::load(db, organization_id).await?;
    let rows = assessment::Entity::find()
        .filter(assessment::Column::OrganizationId.eq(organization_id))
        .filter(assessment::Column::CandidateId.eq(id))
        .order_by_asc(assessment::Column::Id)
        .all(db)
        .await?;
    let now = Utc::now();
    let mut assessments = Vec::with_capacity(rows.len());
    for row in rows {
        let task = task::Entity::find_by_id(row.task_id)
            .one(db)
            .await?
            .map_or_else(String::new, |t| t.name);
        let events = assessment_event::Entity::find()
            .filter(assessment_event::Column::AssessmentId.eq(row.id))
            .order_by_asc(assessment_event::Column::TMs)
            .order_by_asc(assessment_event::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|e| ExportedEvent {
                kind: e.kind,
                t_ms: e.t_ms,
                at: e.at,
                data: e.data,
            })
            .collect();
        let chat = chat_exchange::Entity::find()
            .filter(chat_exchange::Column::AssessmentId.eq(row.id))
            .order_by_asc(chat_exchange::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|c| ExportedChat {
                message: c.message,
                response: c.response,
                created_at: c.created_at,
                responded_at: c.responded_at,
                quality_score: c.quality_score,
            })
            .collect();
        let understanding = understanding_check::Entity::find()
            .filter(understanding_check::Column::AssessmentId.eq(row.id))
            .one(db)
            .await?
            .map(|u| ExportedUnderstanding {
                status: u.status,
                questions: u.questions,
                answers: u.answers,
                grades: u.grades,
                opened_at: u.opened_at,
                closed_at: u.closed_at,
            });
        assessments.push(exported_assessment(
            row,
            task,
            (events, chat, understanding),
            now,
        ));
    }
    let emails = email_outbox::Entity::find()
        .filter(email_outbox::Column::OrganizationId.eq(organization_id))
        .filter(email_outbox::Column::ToEmail.eq(found.email.clone()))
        .order_by_asc(email_outbox::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| ExportedEmail {
            kind: m.kind,
            to_email: m.to_email,
            subject: m.subject,
            text: m.text,
            status: m.status,
            created_at: m.created_at,
            sent_at: m.sent_at,
        })
        .collect();
    Ok(CandidateExport {
        exported_at: now,
        organization: organization.name,
        candidate: exported_candidate(found),
        assessments,
        emails,
    })
}

fn exported_candidate(c: candidate::Model) -> ExportedCandidate {
    ExportedCandidate {
        id: c.id,
        email: c.email,
        full_name: c.full_name,
        position: c.position,
        workable_candidate_id: c.workable_candidate_id,
        workable_data: c.workable_data,
        created_at: c.created_at,
        updated_at: c.updated_at,
        deleted_at: c.deleted_at,
    }
}

fn exported_assessment(
    a: assessment::Model,
    task: String,
    (events, chat, understanding_check): (
        Vec<ExportedEvent>,
        Vec<ExportedChat>,
        Option<ExportedUnderstanding>,
    ),
    now: DateTime<Utc>,
) -> ExportedAssessment {
    ExportedAssessment {
        id: a.id,
        task,
        status: lifecycle::effective(&a, now).visible().as_str().into(),
        candidate_name: a.candidate_name,
        candidate_position: a.candidate_position,
        ai_mode: a.ai_mode,
        duration_minutes: a.duration_minutes,
        created_at: a.created_at,
        expires_at: a.expires_at,
        started_at: a.started_at,
        deadline_at: a.deadline_at,
        completed_at: a.completed_at,
        score: a.score,
        tests_passed: a.tests_passed,
        tests_total: a.tests_total,
        code_quality_score: a.code_quality_score,
        time_efficiency_score: a.time_efficiency_score,
        ai_usage_score: a.ai_usage_score,
        final_code: a.final_code,
        code_snapshots: a.code_snapshots,
        timeline: a.timeline,
        test_results: a.test_results,
        score_report: a.score_report,
        events,
        chat,
        understanding_check,
    }
}
