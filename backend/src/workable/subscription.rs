//! The organization's `candidate_moved` subscription at Workable. One per organization, for every job and stage:
//! the stage map is applied on our side (the webhook picks the mapping), so editing the map needs no call to
//! Workable, and Workable's own job/stage filters (one each per subscription) could not express a map anyway.
//! It exists while the map has a mapping: registered when a map is saved, deleted when the last mapping goes
//! and at disconnect.

use tali_workable::{NewSubscription, WebhookEvent};

use super::session::{Session, call};
use crate::db::entities::organization;
use crate::domain::{Error, Result};
use crate::state::AppState;

pub fn target(state: &AppState, webhook_id: &str) -> String {
    format!(
        "{}/api/v1/webhooks/workable/{webhook_id}",
        state.settings.server.public_url
    )
}

/// The subscription to keep on the row: the one on record, else a new one. `None` when Workable refuses: the
/// map is still saved (and used for posting), and the tab says the webhook is missing; the next save tries again.
pub async fn ensure(
    state: &AppState,
    session: &mut Session,
    org: &organization::Model,
) -> Option<String> {
    if let Some(id) = &org.workable_subscription_id {
        return Some(id.clone());
    }
    let webhook_id = org.workable_webhook_id.as_deref()?;
    match register(state, session, &target(state, webhook_id)).await {
        Ok(id) => Some(id),
        Err(err) => {
            tracing::warn!(organization_id = org.id, error = %err, "Workable refused the webhook subscription");
            None
        }
    }
}

/// A subscription Workable already has for this target (409) is reused: it was made by an earlier save whose
/// answer was lost.
async fn register(state: &AppState, session: &mut Session, target: &str) -> Result<String> {
    let request = NewSubscription {
        target: target.to_owned(),
        event: WebhookEvent::CandidateMoved,
        job_shortcode: String::new(),
        stage_slug: String::new(),
    };
    let created: Result<String> = call!(session, state, |client| client
        .create_subscription(&request));
    match created {
        Err(Error::Conflict(message)) => {
            let listed = call!(session, state, |client| client.list_subscriptions())?;
            listed
                .into_iter()
                .find(|s| s.target == target)
                .map(|s| s.id)
                .ok_or(Error::Conflict(message))
        }
        other => other,
    }
}

/// Deletes the subscription at Workable; whether it is gone (deleted, or Workable no longer had it). When it is
/// not, the caller keeps its id so a later save or the disconnect tries again; meanwhile its deliveries find no
/// mapping and invite nobody.
pub async fn remove(state: &AppState, session: &mut Session, id: &str) -> bool {
    let deleted: Result<()> = delete(state, session, id).await;
    match deleted {
        Ok(()) | Err(Error::NotFound(_)) => true,
        Err(err) => {
            tracing::warn!(organization_id = session.organization_id, error = %err, "could not delete the Workable subscription");
            false
        }
    }
}

async fn delete(state: &AppState, session: &mut Session, id: &str) -> Result<()> {
    call!(session, state, |client| client.delete_subscription(id))
}
