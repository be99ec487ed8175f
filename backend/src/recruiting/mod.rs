//! Recruiting: the tasks, candidates and assessments a recruiter manages.

pub mod reference_view;
pub mod task_check;
pub mod task_generation;
pub mod tasks;
