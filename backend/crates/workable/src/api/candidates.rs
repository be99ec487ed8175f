//! Candidates: read one, list them, and the two writes TALI makes: a comment with the assessment result, and a
//! move to the next stage. Both writes name the acting team member (`member_id`), which Workable's examples
//! always carry.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use reqwest::Url;
use serde::{Deserialize, Serialize};

use super::WorkableClient;
use crate::WorkableError;
use crate::resources::{Activity, Candidate, NewComment, Page};
use crate::transport::Replay;

/// Filters for `GET /candidates`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CandidatesQuery {
    /// Only candidates of this job.
    pub shortcode: Option<String>,
    /// Only candidates in this stage (slug).
    pub stage: Option<String>,
    pub email: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
    /// ISO 8601 time: only candidates changed since.
    pub updated_after: Option<String>,
}

impl CandidatesQuery {
    fn apply(&self, mut url: Url) -> Url {
        {
            let mut query = url.query_pairs_mut();
            let limit = self.limit.map(|limit| limit.to_string());
            let filters = [
                ("shortcode", self.shortcode.as_deref()),
                ("stage", self.stage.as_deref()),
                ("email", self.email.as_deref()),
                ("limit", limit.as_deref()),
                ("updated_after", self.updated_after.as_deref()),
            ];
            for (name, value) in filters {
                if let Some(value) = value {
                    query.append_pair(name, value);
                }
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        url
    }
}

#[derive(Serialize)]
struct CommentRequest<'a> {
    member_id: &'a str,
    comment: CommentBody<'a>,
}

#[derive(Serialize)]
struct CommentBody<'a> {
    body: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    policy: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    attachment: Option<AttachmentBody<'a>>,
}

#[derive(Serialize)]
struct AttachmentBody<'a> {
    name: &'a str,
    data: String,
}

#[derive(Serialize)]
struct MoveRequest<'a> {
    member_id: &'a str,
    target_stage: &'a str,
}

impl WorkableClient {
    /// `GET /candidates/{id}`, e.g. to re-read a candidate a webhook announced before acting on it.
    pub async fn get_candidate(&self, id: &str) -> Result<Candidate, WorkableError> {
        #[derive(Deserialize)]
        struct Wrapper {
            candidate: Candidate,
        }
        let Wrapper { candidate } = self.get(self.url(&["candidates", id])).await?;
        Ok(candidate)
    }

    /// Every candidate matching `query`, following `paging.next` to the end.
    pub async fn list_candidates(
        &self,
        query: &CandidatesQuery,
    ) -> Result<Vec<Candidate>, WorkableError> {
        self.all_pages(query.apply(self.url(&["candidates"])), "candidates")
            .await
    }

    /// The first page of candidates; continue with [`Self::next_candidates_page`].
    pub async fn candidates_page(
        &self,
        query: &CandidatesQuery,
    ) -> Result<Page<Candidate>, WorkableError> {
        self.page(query.apply(self.url(&["candidates"])), "candidates")
            .await
    }

    pub async fn next_candidates_page(&self, next: &str) -> Result<Page<Candidate>, WorkableError> {
        self.next_page(next, "candidates").await
    }

    /// `GET /candidates/{id}/activities`: the candidate's timeline, comments included, so a writer can tell
    /// whether its comment already landed before writing it again.
    pub async fn candidate_activities(&self, id: &str) -> Result<Vec<Activity>, WorkableError> {
        #[derive(Deserialize)]
        struct Wrapper {
            activities: Vec<Activity>,
        }
        let Wrapper { activities } = self
            .get(self.url(&["candidates", id, "activities"]))
            .await?;
        Ok(activities)
    }

    /// `POST /candidates/{id}/comments` on behalf of `member_id`. Not repeated after a 5xx or a timeout (it may
    /// have been posted): the caller decides whether to try again, knowing the comment might appear twice.
    pub async fn comment_on_candidate(
        &self,
        candidate_id: &str,
        member_id: &str,
        comment: &NewComment,
    ) -> Result<(), WorkableError> {
        let request = CommentRequest {
            member_id,
            comment: CommentBody {
                body: &comment.body,
                policy: &comment.policy,
                attachment: comment.attachment.as_ref().map(|file| AttachmentBody {
                    name: &file.name,
                    data: BASE64.encode(&file.data),
                }),
            },
        };
        let url = self.url(&["candidates", candidate_id, "comments"]);
        self.post(url, &request, Replay::OnlyIfNotReceived).await?;
        Ok(())
    }

    /// `POST /candidates/{id}/move` to the stage with slug `target_stage`, on behalf of `member_id`. An unknown
    /// slug is a [`WorkableError::Validation`] (422).
    pub async fn move_candidate(
        &self,
        candidate_id: &str,
        member_id: &str,
        target_stage: &str,
    ) -> Result<(), WorkableError> {
        let request = MoveRequest {
            member_id,
            target_stage,
        };
        let url = self.url(&["candidates", candidate_id, "move"]);
        self.post(url, &request, Replay::Safe).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Attachment;

    #[test]
    fn comment_body_has_the_documented_shape() {
        let comment = NewComment {
            body: "Assessment score 82/100".into(),
            policy: vec!["recruiter".into(), "admin".into()],
            attachment: Some(Attachment {
                name: "report.pdf".into(),
                data: b"%PDF".to_vec(),
            }),
        };
        let request = CommentRequest {
            member_id: "13e0eb0e",
            comment: CommentBody {
                body: &comment.body,
                policy: &comment.policy,
                attachment: comment.attachment.as_ref().map(|file| AttachmentBody {
                    name: &file.name,
                    data: BASE64.encode(&file.data),
                }),
            },
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::json!({
                "member_id": "13e0eb0e",
                "comment": {
                    "body": "Assessment score 82/100",
                    "policy": ["recruiter", "admin"],
                    "attachment": {"name": "report.pdf", "data": "JVBERg=="}
                }
            })
        );
    }

    #[test]
    fn queries_only_carry_set_filters() {
        let base = Url::parse("https://acme.workable.com/spi/v3/candidates").unwrap();
        assert_eq!(
            CandidatesQuery::default().apply(base.clone()).as_str(),
            base.as_str()
        );
        let query = CandidatesQuery {
            shortcode: Some("GROOV001".into()),
            stage: Some("assessment".into()),
            limit: Some(2),
            ..CandidatesQuery::default()
        };
        assert_eq!(
            query.apply(base).as_str(),
            "https://acme.workable.com/spi/v3/candidates?shortcode=GROOV001&stage=assessment&limit=2"
        );
    }
}
