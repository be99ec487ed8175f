//! The Workable client against the local mock, in one test binary (one link instead of one per file).

mod common;

mod api;
mod oauth;
mod rate_limit;
mod retries;
mod webhooks;
