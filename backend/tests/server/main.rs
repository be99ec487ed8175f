//! The server's integration tests over HTTP, in one test binary: one link of the whole application instead of
//! one per file keeps the build small and fast. Each module is one area; `common` starts a server on a fresh
//! database (SQLite, or PostgreSQL with `TALI_TEST_DATABASE=postgres`).

mod common;

mod account;
mod ai_policy;
mod assessments;
mod auth;
mod billing;
mod billing_stripe;
mod candidate_experience;
mod crash_processes;
mod crash_recovery;
mod deploy;
mod email;
mod event_times;
mod fairness;
mod figures_consistency;
mod integrity;
mod invitations;
mod jobs;
mod lifecycle;
mod openapi_routes;
mod pipeline;
mod privacy;
mod recruiter;
mod reference_contract;
mod reliability;
mod reminders;
mod replay;
mod replicas;
mod report_numbers;
mod roles;
mod secret_rotation;
mod security_headers;
mod sessions;
mod similarity;
mod similarity_list;
mod submission_failures;
mod task_generation;
mod task_proof;
mod team_invitations;
mod team_leaving;
mod teams;
mod templates;
mod understanding;
mod workable;
mod workable_triggers;
