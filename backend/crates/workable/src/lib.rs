//! TALI's Workable integration: OAuth for official partners ([`OAuthClient`]), the API v3 client of one account
//! ([`WorkableClient`]) with a process-wide rate limiter per account, webhook signatures and payloads
//! ([`webhook`]), and (feature `mock`) a local Workable for tests and browser tests.

mod api;
mod error;
mod oauth;
mod rate_limit;
mod resources;
mod settings;
mod transport;
pub mod webhook;

#[cfg(feature = "mock")]
pub mod mock;

pub use api::{
    CandidatesQuery, Credentials, JobsQuery, SUBDOMAIN_HEADER, WorkableClient, list_accounts,
};
pub use error::WorkableError;
pub use oauth::{OAuthClient, TokenSet};
pub use rate_limit::TokenKind;
pub use resources::{
    Account, Activity, Attachment, Candidate, Job, JobRef, Member, NewComment, NewSubscription,
    Page, Stage, Subscription, WebhookEvent,
};
pub use settings::{
    ApiSettings, DEFAULT_OAUTH_BASE_URL, DEFAULT_SCOPES, OAuthSettings, RetryPolicy,
};
