//! The webhook deliverer: sends the candidate resource to every subscription that matches an event, signed with
//! `X-Workable-Signature` = hex(HMAC-SHA256(key, body)), and tries again while the target does not answer 200.

use secrecy::SecretString;

use super::render;
use super::server::Shared;
use super::world::{DeliveryAttempt, World};
use crate::webhook::{SIGNATURE_HEADER, sign};

/// A delivery decided while the world was locked, sent after the lock is released.
#[derive(Debug, Clone)]
pub(crate) struct PlannedDelivery {
    pub subscription_id: u64,
    pub target: String,
    pub event: String,
    pub candidate_id: String,
    pub body: String,
    pub signing_key: String,
}

/// The deliveries an `event` about a candidate causes: subscriptions of the candidate's account for that event
/// whose job and stage filters are empty or match the candidate now.
pub(crate) fn plan(world: &World, candidate_id: &str, event: &str) -> Vec<PlannedDelivery> {
    let Some((account_index, candidate_index)) = world.find_candidate(candidate_id) else {
        return Vec::new();
    };
    let account = &world.accounts[account_index];
    let candidate = &account.candidates[candidate_index];
    let body = render::candidate(account, candidate).to_string();
    account
        .subscriptions
        .iter()
        .filter(|subscription| {
            subscription.event == event
                && (subscription.job_shortcode.is_empty()
                    || subscription.job_shortcode == candidate.job_shortcode)
                && (subscription.stage_slug.is_empty()
                    || subscription.stage_slug == candidate.stage_slug)
        })
        .map(|subscription| PlannedDelivery {
            subscription_id: subscription.id,
            target: subscription.target.clone(),
            event: event.to_owned(),
            candidate_id: candidate.id.clone(),
            body: body.clone(),
            signing_key: subscription.signing_key.clone(),
        })
        .collect()
}

/// Sends every planned delivery (one after the other, like a queue) and returns every attempt made.
pub(crate) async fn deliver_all(
    shared: &Shared,
    planned: Vec<PlannedDelivery>,
) -> Vec<DeliveryAttempt> {
    let mut attempts = Vec::new();
    for delivery in planned {
        attempts.extend(deliver(shared, &delivery).await);
    }
    attempts
}

async fn deliver(shared: &Shared, delivery: &PlannedDelivery) -> Vec<DeliveryAttempt> {
    let signature = sign(
        delivery.body.as_bytes(),
        &SecretString::from(delivery.signing_key.clone()),
    );
    let mut attempts = Vec::new();
    let max_attempts = shared.config.delivery_attempts.max(1);
    for attempt in 1..=max_attempts {
        let status = shared
            .deliverer
            .post(&delivery.target)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, &signature)
            .body(delivery.body.clone())
            .send()
            .await
            .ok()
            .map(|response| response.status().as_u16());
        let record = DeliveryAttempt {
            subscription_id: delivery.subscription_id,
            target: delivery.target.clone(),
            event: delivery.event.clone(),
            candidate_id: delivery.candidate_id.clone(),
            attempt,
            status,
            signature: signature.clone(),
            body: delivery.body.clone(),
        };
        shared.world().deliveries.push(record.clone());
        attempts.push(record);
        // Workable treats anything but 200 as a failure, 201 and 204 included.
        if status == Some(200) || attempt == max_attempts {
            break;
        }
        tokio::time::sleep(shared.config.delivery_retry_delay).await;
    }
    attempts
}
