//! Everything the mock Workable knows: accounts with their team, stages, jobs, candidates and subscriptions, the
//! tokens it issued, and what tests assert on (request log, comments, delivery attempts).

use std::collections::HashMap;
use std::time::Instant;

use serde::Serialize;

use super::rate_limit::Buckets;
use crate::TokenKind;

#[derive(Debug, Default)]
pub(crate) struct World {
    pub accounts: Vec<MockAccount>,
    /// Bearer tokens the API accepts: account tokens and OAuth access tokens.
    pub tokens: HashMap<String, IssuedToken>,
    /// OAuth refresh tokens not yet used; a refresh removes the one it used (rotation).
    pub refresh_tokens: HashMap<String, Grant>,
    /// OAuth authorization codes not yet exchanged.
    pub codes: HashMap<String, CodeGrant>,
    pub buckets: Buckets,
    /// Answer this many API requests with 429 before serving normally again (test switch).
    pub forced_rate_limits: u32,
    pub requests: Vec<RecordedRequest>,
    pub comments: Vec<RecordedComment>,
    pub deliveries: Vec<DeliveryAttempt>,
    next_number: u64,
}

impl World {
    /// A number unique within this mock, for ids and tokens.
    pub fn next_number(&mut self) -> u64 {
        self.next_number += 1;
        self.next_number
    }

    pub fn account(&self, subdomain: &str) -> Option<&MockAccount> {
        self.accounts
            .iter()
            .find(|account| account.subdomain == subdomain)
    }

    pub fn account_mut(&mut self, subdomain: &str) -> Option<&mut MockAccount> {
        self.accounts
            .iter_mut()
            .find(|account| account.subdomain == subdomain)
    }

    /// The account holding a candidate, with the candidate's index in it.
    pub fn find_candidate(&self, candidate_id: &str) -> Option<(usize, usize)> {
        self.accounts.iter().enumerate().find_map(|(a, account)| {
            account
                .candidates
                .iter()
                .position(|candidate| candidate.id == candidate_id)
                .map(|c| (a, c))
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct MockAccount {
    pub id: String,
    pub subdomain: String,
    pub name: String,
    pub members: Vec<MockMember>,
    /// The account's pipeline, in order.
    pub stages: Vec<MockStage>,
    pub jobs: Vec<MockJob>,
    pub candidates: Vec<MockCandidate>,
    pub subscriptions: Vec<MockSubscription>,
}

impl MockAccount {
    pub fn stage(&self, slug: &str) -> Option<&MockStage> {
        self.stages.iter().find(|stage| stage.slug == slug)
    }

    pub fn job(&self, shortcode: &str) -> Option<&MockJob> {
        self.jobs.iter().find(|job| job.shortcode == shortcode)
    }

    /// A job's pipeline: the account stages the job uses, in account order.
    pub fn job_stages(&self, job: &MockJob) -> Vec<&MockStage> {
        self.stages
            .iter()
            .filter(|stage| job.stage_slugs.contains(&stage.slug))
            .collect()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct MockMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: String,
}

#[derive(Debug, Clone)]
pub(crate) struct MockStage {
    pub slug: String,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone)]
pub(crate) struct MockJob {
    pub id: String,
    pub shortcode: String,
    pub title: String,
    pub state: String,
    pub department: String,
    pub stage_slugs: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct MockCandidate {
    pub id: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub phone: Option<String>,
    pub job_shortcode: String,
    pub stage_slug: String,
    pub disqualified: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone)]
pub(crate) struct MockSubscription {
    pub id: u64,
    pub event: String,
    pub target: String,
    /// `""` = any job.
    pub job_shortcode: String,
    /// `""` = any stage.
    pub stage_slug: String,
    pub valid_until: String,
    /// Deliveries are signed with the account token or the OAuth client secret, whichever created this.
    pub signing_key: String,
}

#[derive(Debug, Clone)]
pub(crate) struct IssuedToken {
    pub subdomain: String,
    pub kind: TokenKind,
    /// `None` for account tokens, which do not expire.
    pub expires_at: Option<Instant>,
}

/// What an OAuth refresh token stands for.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    pub subdomain: String,
    pub scope: String,
}

#[derive(Debug, Clone)]
pub(crate) struct CodeGrant {
    pub grant: Grant,
    pub redirect_uri: String,
    pub expires_at: Instant,
}

/// A request as the mock received it (`/test/*` hooks are not recorded).
#[derive(Debug, Clone, Serialize)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// Lower-case names.
    pub headers: HashMap<String, String>,
    pub body: String,
    /// The status the mock answered with.
    pub status: u16,
    #[serde(skip)]
    pub received_at: Instant,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The body as JSON, `Null` when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_default()
    }

    /// The bearer token, if any.
    pub fn bearer(&self) -> Option<&str> {
        self.header("authorization")?.strip_prefix("Bearer ")
    }
}

/// A comment the mock accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedComment {
    pub subdomain: String,
    pub candidate_id: String,
    pub member_id: String,
    pub body: String,
    pub policy: Vec<String>,
    pub attachment_name: Option<String>,
    /// The decoded attachment.
    pub attachment_data: Option<Vec<u8>>,
}

/// One try to deliver a webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryAttempt {
    pub subscription_id: u64,
    pub target: String,
    pub event: String,
    pub candidate_id: String,
    /// 1 for the first try.
    pub attempt: u32,
    /// The target's answer, `None` when it could not be reached.
    pub status: Option<u16>,
    pub signature: String,
    pub body: String,
}
