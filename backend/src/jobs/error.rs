/// Why a job, or handing one to the queue, failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Trying again later may work: the job is retried while it has attempts left.
    #[error("{0}")]
    Transient(String),
    /// Trying again cannot work: the job is recorded as failed at once.
    #[error("{0}")]
    Permanent(String),
    /// The job storage (Redis or the jobs database) could not be reached or refused the job.
    #[error("job storage: {0}")]
    Storage(String),
}

impl JobError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, Self::Permanent(_))
    }
}

impl From<sea_orm::DbErr> for JobError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Transient(format!("database error: {err}"))
    }
}

impl From<crate::email::delivery::DeliveryError> for JobError {
    fn from(err: crate::email::delivery::DeliveryError) -> Self {
        use crate::email::delivery::DeliveryError;
        match err {
            DeliveryError::Permanent(message) => Self::Permanent(message),
            DeliveryError::Transient(message) => Self::Transient(message),
            DeliveryError::Database(err) => err.into(),
        }
    }
}

impl From<crate::session::judges::JudgingError> for JobError {
    fn from(err: crate::session::judges::JudgingError) -> Self {
        use crate::session::judges::JudgingError;
        match err {
            JudgingError::Permanent(message) => Self::Permanent(message),
            JudgingError::Transient(message) => Self::Transient(message),
        }
    }
}
