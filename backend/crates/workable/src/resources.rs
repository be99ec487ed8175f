//! What the API v3 returns, reduced to the fields TALI uses. Fields Workable may leave out are optional so a
//! sparse record still parses; times stay strings as Workable sends them (ISO 8601), since TALI only shows them.

use serde::{Deserialize, Deserializer, Serialize};

/// An account a token can reach (`GET /spi/v3/accounts` on the www host).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub subdomain: String,
}

/// A member of the hiring team; writes are made on behalf of one (`member_id`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Member {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub email: Option<String>,
    pub headline: Option<String>,
    /// `admin`, `recruiter`, `simple`, ...
    pub role: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Job {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub shortcode: String,
    #[serde(default)]
    pub title: String,
    pub full_title: Option<String>,
    /// `draft`, `published`, `archived` or `closed`.
    pub state: Option<String>,
    pub department: Option<String>,
    pub url: Option<String>,
    pub created_at: Option<String>,
}

/// A pipeline stage. The `slug` is what a move names as `target_stage`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Stage {
    pub slug: String,
    #[serde(default)]
    pub name: String,
    /// `sourced`, `applied`, `shortlisted`, `assessment`, `phone-screen`, `interview`, `offer`, `hired`, ...
    pub kind: Option<String>,
    pub position: Option<u32>,
}

/// The job a candidate applied to, as embedded in a candidate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct JobRef {
    pub shortcode: String,
    #[serde(default)]
    pub title: String,
}

/// A candidate, from `GET /candidates/{id}` (full) or `GET /candidates` (summary: fewer fields are set).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Candidate {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The stage's display name (not its slug).
    pub stage: Option<String>,
    #[serde(default)]
    pub disqualified: bool,
    pub job: Option<JobRef>,
    pub profile_url: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// An entry of a candidate's timeline (`GET /candidates/{id}/activities`); a comment carries its text in `body`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Activity {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// `comment`, `moved`, ...
    pub action: Option<String>,
    pub body: Option<String>,
    pub created_at: Option<String>,
}

/// A comment on a candidate's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewComment {
    /// Required by Workable.
    pub body: String,
    /// Who may see it, e.g. `["recruiter", "admin"]`; empty means Workable's default.
    pub policy: Vec<String>,
    /// At most one file.
    pub attachment: Option<Attachment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    /// The raw file; sent base64-encoded.
    pub data: Vec<u8>,
}

/// Events a subscription can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookEvent {
    CandidateCreated,
    CandidateMoved,
}

impl WebhookEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CandidateCreated => "candidate_created",
            Self::CandidateMoved => "candidate_moved",
        }
    }
}

/// A webhook to create. An empty `job_shortcode` or `stage_slug` means "any".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubscription {
    /// Our HTTPS endpoint; Workable refuses a second subscription with the same target (409).
    pub target: String,
    pub event: WebhookEvent,
    pub job_shortcode: String,
    pub stage_slug: String,
}

/// An existing webhook subscription.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Subscription {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub event: String,
    pub target: String,
    /// Subscribe again before this time.
    pub valid_until: Option<String>,
    pub job_shortcode: Option<String>,
    pub stage_slug: Option<String>,
}

/// One page of a listing, and where the next one is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Workable's `paging.next`, a full URL followed verbatim.
    pub next: Option<String>,
}

/// Workable sends ids as strings (`"13e0eb0e"`) but subscription ids as numbers (`103591`).
pub(crate) fn string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(match Id::deserialize(deserializer)? {
        Id::Text(text) => text,
        Id::Number(number) => number.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documented_candidate_parses() {
        let candidate: Candidate = serde_json::from_str(
            r#"{"id":"ce4da98","name":"Lakita Marrero","firstname":"Lakita","lastname":"Marrero",
                "headline":"Operations Manager","account":{"subdomain":"groove-tech","name":"Groove Tech"},
                "job":{"shortcode":"GROOV005","title":"Office Manager"},"stage":"Applied","disqualified":false,
                "profile_url":"https://groove-tech.workable.com/backend/jobs/128/candidates/1","email":"l@example.com",
                "phone":null,"created_at":"2015-06-26T00:00:00Z","updated_at":"2015-07-08T14:46:48Z"}"#,
        )
        .unwrap();
        assert_eq!(candidate.id, "ce4da98");
        assert_eq!(candidate.job.unwrap().shortcode, "GROOV005");
        assert_eq!(candidate.stage.as_deref(), Some("Applied"));
        assert_eq!(candidate.phone, None);
    }

    #[test]
    fn numeric_ids_become_strings() {
        let subscription: Subscription = serde_json::from_str(
            r#"{"id":103591,"event":"candidate_moved","target":"https://t","valid_until":null}"#,
        )
        .unwrap();
        assert_eq!(subscription.id, "103591");
    }
}
