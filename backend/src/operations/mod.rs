//! What an operator runs the service with: readiness of its dependencies, and backups of its database.

pub mod backup;
pub mod readiness;
