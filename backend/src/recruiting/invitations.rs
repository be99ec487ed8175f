//! The candidate's invitation email, queued in the outbox inside the caller's transaction.

use sea_orm::{ConnectionTrait, EntityTrait};
use tali_mail::templates::{InvitationData, invitation};

use crate::config::Settings;
use crate::db::entities::{assessment, candidate, organization, task};
use crate::email;

/// `attempt` distinguishes a re-send from the first invitation; the same attempt twice queues one email.
pub async fn queue(
    db: &impl ConnectionTrait,
    settings: &Settings,
    assessment: &assessment::Model,
    candidate: &candidate::Model,
    task: &task::Model,
    attempt: &str,
) -> Result<(), sea_orm::DbErr> {
    let organization_name = organization::Entity::find_by_id(assessment.organization_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let message = invitation(&InvitationData {
        candidate_name: candidate.full_name.clone(),
        candidate_email: candidate.email.clone(),
        organization_name,
        task_name: task.name.clone(),
        duration_minutes: assessment.duration_minutes.max(0) as u32,
        expires_at: assessment.expires_at,
        link: settings.candidate_link(&assessment.token),
    });
    email::queue(
        db,
        Some(assessment.organization_id),
        message,
        format!("assessment-invite/{}/{attempt}", assessment.id),
    )
    .await
}
