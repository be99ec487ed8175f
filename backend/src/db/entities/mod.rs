//! SeaORM entities, one per table. Relations are resolved with explicit queries in `db::queries`, so the
//! entities stay plain row types.

pub mod assessment;
pub mod assessment_event;
pub mod candidate;
pub mod chat_exchange;
pub mod credit_ledger;
pub mod email_outbox;
pub mod erasure;
pub mod failed_job;
pub mod organization;
pub mod password_reset_token;
pub mod refresh_token;
pub mod similarity_match;
pub mod submission_fingerprint;
pub mod task;
pub mod team_invitation;
pub mod understanding_check;
pub mod user;
pub mod webhook_event;
pub mod workable_oauth_state;
pub mod workable_trigger;
