//! The body of a candidate webhook. Workable describes it as the candidate resource at delivery time but not its
//! wrapper, so the candidate is accepted bare, as `{"candidate": {...}}` or as `{"data": {...}}` (also nested,
//! e.g. `{"event_type": ..., "data": {"candidate": {...}}}`). The body is a notice, not the truth: re-read the
//! candidate with `GET /candidates/{id}` before acting on it.

use serde_json::Value;

use crate::WorkableError;

/// What a delivery says about a candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateEvent {
    pub candidate_id: String,
    pub job_shortcode: Option<String>,
    /// The stage as sent: Workable's candidate carries the stage name (`"Assessment"`).
    pub stage: Option<String>,
    /// The stage slug, when the body has one (`stage_slug`, or `stage` as an object with a `slug`).
    pub stage_slug: Option<String>,
    /// `event_type` or `event` of a wrapper, when there is one.
    pub event: Option<String>,
}

/// Wrappers are unwrapped at most this deep; real bodies have one level.
const MAX_WRAPPING: usize = 4;

pub fn parse_candidate_event(raw_body: &[u8]) -> Result<CandidateEvent, WorkableError> {
    let body: Value = serde_json::from_slice(raw_body)
        .map_err(|err| WorkableError::InvalidPayload(format!("not JSON: {err}")))?;
    let mut event = None;
    let mut candidate = &body;
    for _ in 0..MAX_WRAPPING {
        if !candidate.is_object() {
            break;
        }
        event =
            event.or_else(|| text(candidate, "event_type").or_else(|| text(candidate, "event")));
        match ["candidate", "data"]
            .iter()
            .find_map(|key| candidate.get(*key).filter(|inner| inner.is_object()))
        {
            Some(inner) => candidate = inner,
            None => break,
        }
    }
    let candidate_id =
        id(candidate).ok_or_else(|| WorkableError::InvalidPayload("no candidate id".into()))?;
    let job_shortcode = candidate
        .get("job")
        .and_then(|job| text(job, "shortcode"))
        .or_else(|| text(candidate, "job_shortcode"))
        .or_else(|| text(candidate, "shortcode"));
    let (stage, stage_slug) = match candidate.get("stage") {
        Some(Value::Object(_)) => {
            let stage = &candidate["stage"];
            (text(stage, "name"), text(stage, "slug"))
        }
        Some(Value::String(name)) => (Some(name.clone()), text(candidate, "stage_slug")),
        _ => (None, text(candidate, "stage_slug")),
    };
    Ok(CandidateEvent {
        candidate_id,
        job_shortcode,
        stage,
        stage_slug,
        event,
    })
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

/// Candidate ids are strings, but a number is read too.
fn id(candidate: &Value) -> Option<String> {
    match candidate.get("id")? {
        Value::String(id) if !id.is_empty() => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANDIDATE: &str = r#"{"id":"ce4da98","name":"Lakita Marrero","stage":"Assessment",
        "job":{"shortcode":"GROOV005","title":"Office Manager"}}"#;

    fn expected() -> CandidateEvent {
        CandidateEvent {
            candidate_id: "ce4da98".into(),
            job_shortcode: Some("GROOV005".into()),
            stage: Some("Assessment".into()),
            stage_slug: None,
            event: None,
        }
    }

    #[test]
    fn bare_and_wrapped_candidates_read_the_same() {
        for body in [
            CANDIDATE.to_owned(),
            format!(r#"{{"candidate":{CANDIDATE}}}"#),
            format!(r#"{{"data":{CANDIDATE}}}"#),
        ] {
            assert_eq!(
                parse_candidate_event(body.as_bytes()).unwrap(),
                expected(),
                "{body}"
            );
        }
    }

    #[test]
    fn an_event_wrapper_names_the_event() {
        let body =
            format!(r#"{{"event_type":"candidate_moved","data":{{"candidate":{CANDIDATE}}}}}"#);
        let event = parse_candidate_event(body.as_bytes()).unwrap();
        assert_eq!(event.event.as_deref(), Some("candidate_moved"));
        assert_eq!(event.candidate_id, "ce4da98");
    }

    #[test]
    fn a_stage_object_gives_the_slug() {
        let body =
            br#"{"id":42,"stage":{"slug":"assessment","name":"Assessment"},"job_shortcode":"J1"}"#;
        let event = parse_candidate_event(body).unwrap();
        assert_eq!(event.candidate_id, "42");
        assert_eq!(event.stage_slug.as_deref(), Some("assessment"));
        assert_eq!(event.job_shortcode.as_deref(), Some("J1"));
    }

    #[test]
    fn bodies_without_a_candidate_are_refused() {
        for body in [
            &b"[]"[..],
            b"{}",
            b"{\"data\":{}}",
            b"{\"candidate\":{\"id\":\"\"}}",
            b"not json",
        ] {
            assert!(
                matches!(
                    parse_candidate_event(body),
                    Err(WorkableError::InvalidPayload(_))
                ),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
