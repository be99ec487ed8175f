//! Durable background jobs on apalis: email delivery, the AI judges, and the periodic session sweeps.
//!
//! Jobs live in Redis when `REDIS_URL` is set, else beside the app's database (PostgreSQL, or a SQLite file of
//! their own). `tali serve` runs a worker in-process unless `TALI_WORKER=off`; `tali worker` runs workers only.
//! Delivery is at least once: handlers are idempotent, retries back off exponentially, and a job that runs out
//! of attempts is logged with its id and kept in `failed_jobs`.

mod error;
mod execute;
pub mod failures;
mod handlers;
mod job;
mod queue;
pub mod relay;
mod worker;

pub use error::JobError;
pub use job::Job;
pub use queue::JobQueue;
pub use worker::run_workers;
