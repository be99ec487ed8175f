use serde::{Deserialize, Serialize};

/// Every kind of background job. Payloads are ids: handlers load the current state from the database, so a job
/// that runs late, or twice, acts on the truth rather than on a stale copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "job", rename_all = "snake_case")]
pub enum Job {
    /// Sends one outbox message: invitations, results notifications and password resets alike.
    DeliverEmail { outbox_id: i32 },
    /// Runs the AI judges on a completed assessment and re-scores it.
    RunJudges { assessment_id: i32 },
    /// Submits the sessions whose time ran out.
    AutoSubmitExpired,
    /// Closes sandboxes left behind by sessions that never submitted.
    CloseIdleSandboxes,
    /// Deletes old records of finished jobs from the job storage.
    PruneFinishedJobs,
    /// Gives back the credits of invitations that expired unstarted.
    ReleaseExpiredCredits,
    /// Reminds candidates whose link expires soon, for the organizations that ask for it.
    RemindCandidates,
    /// Erases the candidates whose organization's retention period has run out.
    EraseExpiredCandidates,
    /// Compares a completed assessment's final code with the task's other submissions, its reference solution
    /// and the AI replies the candidate received.
    FindSimilar { assessment_id: i32 },
    /// Grades the answers of an assessment's understanding check with the AI judge.
    GradeUnderstanding { assessment_id: i32 },
    /// Posts a completed assessment's results to the candidate in Workable.
    PostToWorkable { assessment_id: i32 },
    /// Invites a Workable candidate whose move to a stage a webhook announced, if the stage is mapped.
    WorkableCandidateMoved {
        organization_id: i32,
        candidate_id: String,
    },
}

impl Job {
    pub fn name(&self) -> &'static str {
        match self {
            Self::DeliverEmail { .. } => "deliver_email",
            Self::RunJudges { .. } => "run_judges",
            Self::AutoSubmitExpired => "auto_submit_expired",
            Self::CloseIdleSandboxes => "close_idle_sandboxes",
            Self::PruneFinishedJobs => "prune_finished_jobs",
            Self::ReleaseExpiredCredits => "release_expired_credits",
            Self::RemindCandidates => "remind_candidates",
            Self::EraseExpiredCandidates => "erase_expired_candidates",
            Self::PostToWorkable { .. } => "post_to_workable",
            Self::FindSimilar { .. } => "find_similar",
            Self::GradeUnderstanding { .. } => "grade_understanding",
            Self::WorkableCandidateMoved { .. } => "workable_candidate_moved",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Job;

    #[test]
    fn payloads_are_small_tagged_json() {
        let json = serde_json::to_value(Job::DeliverEmail { outbox_id: 7 }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"job": "deliver_email", "outbox_id": 7})
        );
        let back: Job = serde_json::from_value(json).unwrap();
        assert_eq!(back.name(), "deliver_email");
        assert_eq!(
            serde_json::to_value(Job::AutoSubmitExpired).unwrap()["job"],
            Job::AutoSubmitExpired.name()
        );
    }
}
