//! Recruiting: the tasks, candidates and assessments a recruiter manages, the plan's quota, and the invitations.

pub mod assessments;
pub mod bulk;
pub mod candidates;
pub mod export;
mod fingerprints;
pub mod invitations;
pub mod list_order;
pub mod listing;
pub mod privacy;
pub mod reference_view;
pub mod reminders;
pub mod replay;
pub mod report;
mod report_integrity;
pub mod sending;
pub mod similarity;
pub mod similarity_review;
pub mod task_check;
pub mod task_generation;
mod task_shapes;
pub mod tasks;
pub mod understanding;
