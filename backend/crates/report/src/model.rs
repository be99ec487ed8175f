//! The data a report is drawn from: filled by the server from an assessment, or deserialised from JSON.

use serde::{Deserialize, Serialize};

/// Everything the PDF shows about one assessment. Times are preformatted strings so the caller decides the
/// time zone and format; scores are on the 0-10 scale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportData {
    pub organization_name: String,
    pub candidate_name: String,
    pub candidate_email: String,
    pub candidate_position: Option<String>,
    pub task_name: String,
    /// The assessment status as the app names it (`pending`, `in_progress`, `completed`, ...).
    pub status: String,
    pub created_at: String,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
    pub overall_score: Option<f64>,
    pub tests_passed: u32,
    pub tests_total: u32,
    pub signals: Vec<Signal>,
    /// The human review band, e.g. "Strong hire signal: review the evidence".
    pub review_band: Option<String>,
    /// Every item the review band counts, each one sentence, listed under the summary when `integrity` is absent
    /// (reports made before the integrity section).
    pub review_items: Vec<String>,
    /// The review band and the integrity items, as the scoring engine stored them; drawn as the Integrity section.
    pub integrity: Option<Integrity>,
    /// When the report was made (seconds since the Unix epoch); the PDF's creation date. Without it the document
    /// carries no meaningful date.
    pub generated_unix_s: Option<i64>,
    /// The same moment as the reader should see it (the caller's time zone, e.g. "4 Dec 2026, 10:17 CET"): the
    /// report's date in its page header.
    pub generated_at: Option<String>,
    pub test_details: Vec<TestDetail>,
    pub prompts: Vec<Prompt>,
    pub timeline: Vec<TimelineEvent>,
    /// The full submitted code; the report shows its first lines.
    pub final_code: Option<String>,
    /// The understanding check after submit, when the assessment asks it.
    pub understanding: Option<Understanding>,
    /// Why the similarity check put the assessment in "needs review", when it did.
    pub similarity_review: Option<String>,
}

/// The understanding check: what happened (answered, skipped, timed out) and each question with its answer and
/// grade.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Understanding {
    /// One sentence, e.g. "Answered; graded by the AI judge: 6.7/10" or "The candidate skipped the check".
    pub summary: String,
    pub items: Vec<UnderstandingItem>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnderstandingItem {
    pub question: String,
    /// `None` when not answered; an empty string is a blank answer.
    pub answer: Option<String>,
    /// E.g. "8/10 by the AI judge: Names the bug and the fix."; `None` when not graded.
    pub grade: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    pub id: String,
    pub name: String,
    pub status: SignalStatus,
    /// Present when `status` is `Scored`.
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub explanation: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalStatus {
    Scored,
    NotApplicable,
    Insufficient,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestDetail {
    pub name: String,
    /// `passed`, `failed`, `error`, `skipped`, ...
    pub outcome: String,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prompt {
    pub time: String,
    pub message: String,
    #[serde(default)]
    pub response_excerpt: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub time: String,
    pub description: String,
}

/// The engine's integrity observations (`score_report.review` and `score_report.flags`). The report words them
/// as the web app's Integrity panel does; they never change the score.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Integrity {
    /// `none`, `note` or `review`.
    pub band: String,
    /// How many items the band counts.
    pub count: u32,
    pub flags: Vec<IntegrityFlag>,
    /// Every paste and every time away, flagged or not; `None` for reports scored before the engine listed them.
    pub activity: Option<Activity>,
}

/// The session's pastes and absences, preformatted by the caller: a summary sentence and one line per item
/// ("Paste #2, 04:12 in, 09:17 UTC: 900 characters, from outside the session").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Activity {
    pub summary: String,
    pub pastes: Vec<String>,
    pub absences: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntegrityFlag {
    /// The engine's kind: `external_paste`, `focus_loss`, `paste_after_absence`, `burst_without_paste`,
    /// `injection`, `snapshot_gap`.
    pub kind: String,
    /// `high` marks an item for a closer look.
    pub severity: String,
    pub explanation: String,
    /// The moments the item points at, preformatted by the caller ("Paste #2, 04:12 in, 09:17 UTC").
    pub moments: Vec<String>,
}
