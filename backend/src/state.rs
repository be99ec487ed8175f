//! The application state every handler, job and domain module receives.

pub use crate::app::AppState;
