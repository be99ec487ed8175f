//! Incoming webhooks: checking `X-Workable-Signature` and reading the candidate out of the body.

mod payload;
mod signature;

pub use payload::{CandidateEvent, parse_candidate_event};
pub use signature::{SIGNATURE_HEADER, sign, verify_signature};
