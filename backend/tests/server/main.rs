//! The server's integration tests over HTTP, in one test binary: one link of the whole application instead of
//! one per file keeps the build small and fast. Each module is one area; `common` starts a server on a fresh
//! database (SQLite, or PostgreSQL with `TALI_TEST_DATABASE=postgres`).

mod common;

mod assessments;
mod auth;
mod billing;
mod billing_stripe;
mod deploy;
mod email;
mod fairness;
mod invitations;
mod jobs;
mod lifecycle;
mod openapi_routes;
mod pipeline;
mod recruiter;
mod reference_contract;
mod replicas;
mod secret_rotation;
mod security_headers;
mod submission_failures;
mod task_generation;
mod task_proof;
mod templates;
mod workable;
