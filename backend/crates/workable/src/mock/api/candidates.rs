//! Writes on candidates: comments and moves, with Workable's validation.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};

use super::{Reject, Reply, account, json_object, now, serve};
use crate::mock::deliver::{PlannedDelivery, plan};
use crate::mock::server::Shared;
use crate::mock::world::{MockAccount, RecordedComment, World};

/// `POST /candidates/{id}/comments` `{member_id, comment: {body, policy?, attachment?: {name, data}}}`.
pub(crate) async fn comment(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    serve(&shared, &headers, |world, caller| {
        let account = account(world, caller)?;
        if !account
            .candidates
            .iter()
            .any(|candidate| candidate.id == id)
        {
            return Err(Reject::not_found("Candidate"));
        }
        let request = json_object(&body)?;
        let member_id = acting_member(account, &request)?;
        let comment = &request["comment"];
        let text = comment["body"]
            .as_str()
            .filter(|text| !text.trim().is_empty())
            .ok_or_else(|| Reject::invalid("comment.body", "can't be blank"))?;
        let policy = match &comment["policy"] {
            Value::Null => Vec::new(),
            Value::Array(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| Reject::invalid("comment.policy", "must be a list of roles"))?,
            _ => return Err(Reject::invalid("comment.policy", "must be a list of roles")),
        };
        let (attachment_name, attachment_data) = match &comment["attachment"] {
            Value::Null => (None, None),
            Value::Object(_) if comment["attachment"]["data"].as_str() == Some("") => {
                return Err(Reject::invalid("comment.attachment.data", "can't be blank"));
            }
            attachment @ Value::Object(_) => {
                let name = attachment["name"]
                    .as_str()
                    .filter(|name| !name.is_empty())
                    .ok_or_else(|| Reject::invalid("comment.attachment.name", "can't be blank"))?;
                let data = attachment["data"]
                    .as_str()
                    .and_then(|data| BASE64.decode(data).ok())
                    .ok_or_else(|| Reject::invalid("comment.attachment.data", "must be base64"))?;
                (Some(name.to_owned()), Some(data))
            }
            _ => {
                return Err(Reject::invalid(
                    "comment.attachment",
                    "must be an object with name and data",
                ));
            }
        };
        let recorded = RecordedComment {
            subdomain: caller.subdomain.clone(),
            candidate_id: id.clone(),
            member_id,
            body: text.to_owned(),
            policy,
            attachment_name,
            attachment_data,
        };
        world.comments.push(recorded);
        let comment_id = format!("comment-{}", world.next_number());
        Ok(Reply::created(json!({ "id": comment_id })))
    })
}

/// `POST /candidates/{id}/move` `{member_id, target_stage}`; notifies `candidate_moved` subscriptions.
pub(crate) async fn move_candidate(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    serve(&shared, &headers, |world, caller| {
        let account = account(world, caller)?;
        if !account
            .candidates
            .iter()
            .any(|candidate| candidate.id == id)
        {
            return Err(Reject::not_found("Candidate"));
        }
        let request = json_object(&body)?;
        acting_member(account, &request)?;
        let target = request["target_stage"]
            .as_str()
            .filter(|slug| !slug.is_empty())
            .ok_or_else(|| Reject::invalid("target_stage", "can't be blank"))?;
        let deliveries = move_to_stage(world, &id, target)?;
        Ok(Reply {
            deliveries,
            ..Reply::ok(json!({}))
        })
    })
}

/// Moves a candidate to a stage of its job's pipeline and plans the `candidate_moved` deliveries.
pub(crate) fn move_to_stage(
    world: &mut World,
    candidate_id: &str,
    stage_slug: &str,
) -> Result<Vec<PlannedDelivery>, Reject> {
    let (account_index, candidate_index) = world
        .find_candidate(candidate_id)
        .ok_or_else(|| Reject::not_found("Candidate"))?;
    let account = &mut world.accounts[account_index];
    let job_shortcode = account.candidates[candidate_index].job_shortcode.clone();
    let in_pipeline = account
        .job(&job_shortcode)
        .is_some_and(|job| job.stage_slugs.iter().any(|slug| slug == stage_slug));
    if !in_pipeline {
        return Err(Reject::invalid(
            "target_stage",
            &format!("'{stage_slug}' is not a stage of job {job_shortcode}"),
        ));
    }
    let candidate = &mut account.candidates[candidate_index];
    candidate.stage_slug = stage_slug.to_owned();
    candidate.updated_at = now();
    Ok(plan(world, candidate_id, "candidate_moved"))
}

/// Workable's examples always name the acting member; the mock requires it and checks it is on the team.
fn acting_member(account: &MockAccount, request: &Value) -> Result<String, Reject> {
    let member_id = request["member_id"]
        .as_str()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| Reject::invalid("member_id", "is required"))?;
    if !account.members.iter().any(|member| member.id == member_id) {
        return Err(Reject::invalid(
            "member_id",
            "is not a member of this account",
        ));
    }
    Ok(member_id.to_owned())
}
