//! Schema migrations, applied by `tali migrate` and at server start (tracked in `seaql_migrations`).

use sea_orm_migration::prelude::*;

mod m20261125_000001_initial;
mod m20261125_000002_assessment_events;
mod m20261125_000003_outbox_retry;
mod m20261126_000004_assessment_list_index;
mod m20261126_000005_failed_jobs;
mod m20261204_000006_task_test_names;
mod m20261204_000007_task_vocabulary;
mod m20261204_000008_chat_exchanges;
mod m20261204_000009_billing;
mod m20261204_000011_user_sessions;
mod m20261206_000001_workable;
mod m20261206_000002_cancel_at_period_end;
mod m20261207_000001a_teams;
mod m20261207_000001b_refresh_tokens;
mod m20261207_000002_pipeline;
mod m20261207_000002b_candidate_score;
mod m20261207_000003_ai_mode;
mod m20261207_000003b_similarity;
mod m20261208_000001_reminders;
mod m20261209_000001_understanding;
mod m20261209_000002_privacy;
mod m20261209_000003a_report_run_numbers;
mod m20261209_000003b_time_zone;
mod m20261210_000016_workable_trigger_moves;
mod m20261211_000017_submission_fingerprints;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_initial::Migration),
            Box::new(m20261125_000002_assessment_events::Migration),
            Box::new(m20261125_000003_outbox_retry::Migration),
            Box::new(m20261126_000004_assessment_list_index::Migration),
            Box::new(m20261126_000005_failed_jobs::Migration),
            Box::new(m20261204_000006_task_test_names::Migration),
            Box::new(m20261204_000007_task_vocabulary::Migration),
            Box::new(m20261204_000008_chat_exchanges::Migration),
            Box::new(m20261204_000009_billing::Migration),
            Box::new(m20261204_000011_user_sessions::Migration),
            Box::new(m20261206_000001_workable::Migration),
            Box::new(m20261206_000002_cancel_at_period_end::Migration),
            Box::new(m20261207_000001a_teams::Migration),
            Box::new(m20261207_000001b_refresh_tokens::Migration),
            Box::new(m20261207_000003_ai_mode::Migration),
            Box::new(m20261207_000003b_similarity::Migration),
            Box::new(m20261207_000002_pipeline::Migration),
            Box::new(m20261207_000002b_candidate_score::Migration),
            Box::new(m20261208_000001_reminders::Migration),
            Box::new(m20261209_000002_privacy::Migration),
            Box::new(m20261209_000001_understanding::Migration),
            Box::new(m20261209_000003a_report_run_numbers::Migration),
            Box::new(m20261209_000003b_time_zone::Migration),
            Box::new(m20261210_000016_workable_trigger_moves::Migration),
            Box::new(m20261211_000017_submission_fingerprints::Migration),
        ]
    }
}
