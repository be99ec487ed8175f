//! The mock's records as Workable's JSON. Written by hand (not with the client's types) so that a mismatch
//! between the client and the documented shapes shows up in tests.

use serde_json::{Value, json};

use super::world::{
    MockAccount, MockCandidate, MockJob, MockMember, MockStage, MockSubscription, RecordedComment,
};

pub(crate) fn account(account: &MockAccount) -> Value {
    json!({
        "id": account.id,
        "name": account.name,
        "subdomain": account.subdomain,
        "description": null,
        "summary": null,
        "website_url": null,
    })
}

pub(crate) fn member(member: &MockMember) -> Value {
    json!({
        "id": member.id,
        "name": member.name,
        "headline": null,
        "email": member.email,
        "role": member.role,
    })
}

/// `position` is 1-based within the pipeline it is listed in.
pub(crate) fn stage(stage: &MockStage, position: usize) -> Value {
    json!({
        "slug": stage.slug,
        "name": stage.name,
        "kind": stage.kind,
        "position": position,
    })
}

pub(crate) fn stages<'a>(stages: impl IntoIterator<Item = &'a MockStage>) -> Value {
    let listed: Vec<Value> = stages
        .into_iter()
        .enumerate()
        .map(|(index, item)| stage(item, index + 1))
        .collect();
    json!({ "stages": listed })
}

pub(crate) fn job(account: &MockAccount, job: &MockJob) -> Value {
    let site = format!("https://{}.workable.com", account.subdomain);
    json!({
        "id": job.id,
        "title": job.title,
        "full_title": format!("{} - {}", job.title, job.shortcode),
        "shortcode": job.shortcode,
        "code": null,
        "state": job.state,
        "department": job.department,
        "url": format!("{site}/jobs/{}", job.id),
        "application_url": format!("{site}/jobs/{}/candidates/new", job.id),
        "shortlink": format!("{site}/j/{}", job.shortcode),
        "location": {"country": "Greece", "country_code": "GR", "city": "Athens", "telecommuting": true},
        "created_at": "2026-01-02T10:00:00Z",
    })
}

/// The candidate resource, as `GET /candidates/{id}` wraps it and as a webhook delivers it.
pub(crate) fn candidate(account: &MockAccount, candidate: &MockCandidate) -> Value {
    let job = account.job(&candidate.job_shortcode);
    let stage_name = account
        .stage(&candidate.stage_slug)
        .map_or(candidate.stage_slug.as_str(), |stage| stage.name.as_str());
    json!({
        "id": candidate.id,
        "name": format!("{} {}", candidate.firstname, candidate.lastname),
        "firstname": candidate.firstname,
        "lastname": candidate.lastname,
        "headline": null,
        "account": {"subdomain": account.subdomain, "name": account.name},
        "job": {
            "shortcode": candidate.job_shortcode,
            "title": job.map(|job| job.title.as_str()).unwrap_or_default(),
        },
        "stage": stage_name,
        "disqualified": candidate.disqualified,
        "disqualification_reason": null,
        "sourced": false,
        "profile_url": format!(
            "https://{}.workable.com/backend/candidates/{}",
            account.subdomain, candidate.id
        ),
        "email": candidate.email,
        "phone": candidate.phone,
        "domain": null,
        "created_at": candidate.created_at,
        "updated_at": candidate.updated_at,
    })
}

pub(crate) fn subscription(subscription: &MockSubscription) -> Value {
    json!({
        "id": subscription.id,
        "event": subscription.event,
        "target": subscription.target,
        "valid_until": subscription.valid_until,
        "job_shortcode": subscription.job_shortcode,
        "stage_slug": subscription.stage_slug,
    })
}

/// Workable's error body: `{"error": ...}`, plus `validation_errors` on a 422.
pub(crate) fn error(message: &str) -> Value {
    json!({ "error": message })
}

pub(crate) fn validation_error(field: &str, reason: &str) -> Value {
    json!({
        "error": "Validation failed",
        "validation_errors": { field: [reason] },
    })
}

/// A comment as an entry of the candidate's activity stream.
pub(crate) fn comment_activity(index: usize, comment: &RecordedComment) -> Value {
    json!({
        "id": format!("activity-{}", index + 1),
        "action": "comment",
        "stage_name": null,
        "body": comment.body,
        "member": {"id": comment.member_id},
    })
}
