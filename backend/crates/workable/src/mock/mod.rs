//! A local Workable for this crate's tests, the app's tests and browser tests (feature `mock`): OAuth, the API
//! v3 with Workable's validation, errors and rate limits, and a webhook deliverer. Never used in production.
//!
//! One server stands in for every `{subdomain}.workable.com` and for `www.workable.com`: API calls name their
//! account in the `X-Workable-Subdomain` header, which the client sends whenever its base URL is overridden.
//! What happens inside Workable without TALI asking is driven by test hooks, both as methods of
//! [`WorkableMock`] and as HTTP routes under `/test/`.

mod api;
mod deliver;
mod hooks;
mod oauth;
mod rate_limit;
mod render;
mod seed;
mod server;
mod world;

pub use hooks::NewCandidate;
pub use server::{MockConfig, WorkableMock};
pub use world::{DeliveryAttempt, RecordedComment, RecordedRequest};
