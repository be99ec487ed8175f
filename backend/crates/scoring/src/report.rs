//! The score report: what the app stores as JSON and the web app renders.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::tenths::Tenths;

/// The nine scored signals; S10 (integrity) produces flags, never a score. Stored reports and the API know a
/// signal by its stable id `"S1"`..`"S9"` (see [`SignalId::code`]), which is what serde reads and writes; the
/// variants are declared in that order, which is also the display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SignalId {
    /// S1: the weighted share of hidden tests passed, blind to AI use.
    #[serde(rename = "S1")]
    Correctness,
    /// S2: quality of the code the candidate changed (never of the starter code).
    #[serde(rename = "S2")]
    CodeQuality,
    /// S3: time to a verified working state, never above correctness.
    #[serde(rename = "S3")]
    TimeEfficiency,
    /// S4: AI-usage efficiency: does each exchange move the work forward.
    #[serde(rename = "S4")]
    AiEfficiency,
    /// S5: prompt quality, per prompt then averaged; grounding in the session earns points.
    #[serde(rename = "S5")]
    PromptQuality,
    /// S6: design thinking: reproduce, localise, plan, edge cases.
    #[serde(rename = "S6")]
    DesignThinking,
    /// S7: debugging approach: run, read the error, make a targeted fix, rerun.
    #[serde(rename = "S7")]
    Debugging,
    /// S8: verification of AI output: running or testing what was adopted.
    #[serde(rename = "S8")]
    Verification,
    /// S9: independence: who wrote the final change.
    #[serde(rename = "S9")]
    Independence,
    /// S11: the understanding check after submit: the candidate's answers to three questions about their own
    /// submission, graded. Not one of the engine's nine: the app adds it once the answers are graded
    /// ([`crate::with_understanding`]), with its own weight on top of the nine.
    #[serde(rename = "S11")]
    Understanding,
}

impl SignalId {
    /// The nine scored signals in display order.
    pub const ALL: [SignalId; 9] = [
        Self::Correctness,
        Self::CodeQuality,
        Self::TimeEfficiency,
        Self::AiEfficiency,
        Self::PromptQuality,
        Self::DesignThinking,
        Self::Debugging,
        Self::Verification,
        Self::Independence,
    ];

    /// Every signal that can count toward the overall: the nine and the understanding check.
    pub const OVERALL: [SignalId; 10] = [
        Self::Correctness,
        Self::CodeQuality,
        Self::TimeEfficiency,
        Self::AiEfficiency,
        Self::PromptQuality,
        Self::DesignThinking,
        Self::Debugging,
        Self::Verification,
        Self::Independence,
        Self::Understanding,
    ];

    /// Signals an LLM judge may move (by at most 2 points).
    pub const JUDGEABLE: [SignalId; 6] = [
        Self::CodeQuality,
        Self::AiEfficiency,
        Self::PromptQuality,
        Self::DesignThinking,
        Self::Debugging,
        Self::Verification,
    ];

    /// Signals that make up the AI-collaboration readout.
    pub const AI_COLLABORATION: [SignalId; 3] =
        [Self::AiEfficiency, Self::PromptQuality, Self::Verification];

    pub fn code(self) -> &'static str {
        match self {
            Self::Correctness => "S1",
            Self::CodeQuality => "S2",
            Self::TimeEfficiency => "S3",
            Self::AiEfficiency => "S4",
            Self::PromptQuality => "S5",
            Self::DesignThinking => "S6",
            Self::Debugging => "S7",
            Self::Verification => "S8",
            Self::Independence => "S9",
            Self::Understanding => "S11",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Correctness => "Correctness",
            Self::CodeQuality => "Code quality",
            Self::TimeEfficiency => "Time efficiency",
            Self::AiEfficiency => "AI-usage efficiency",
            Self::PromptQuality => "Prompt quality",
            Self::DesignThinking => "Design thinking",
            Self::Debugging => "Debugging approach",
            Self::Verification => "Verification of AI output",
            Self::Independence => "Independence",
            Self::Understanding => "Understanding",
        }
    }

    pub fn is_judgeable(self) -> bool {
        Self::JUDGEABLE.contains(&self)
    }
}

/// Outcome of one signal. NotApplicable and Insufficient drop out of the weighted mean; they are not 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignalStatus {
    Scored {
        score: Tenths,
    },
    NotApplicable {
        reason: String,
    },
    Insufficient {
        reason: String,
    },
    /// Only S1: the hidden test run itself failed, so nothing about correctness is known.
    NotGraded {
        reason: String,
    },
}

/// A link from a number to the evidence behind it; the UI renders each as a link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EvidenceRef {
    HiddenTest {
        name: String,
    },
    TestRun {
        id: u64,
        test: Option<String>,
    },
    Run {
        id: u64,
    },
    Exchange {
        id: u64,
    },
    Snapshot {
        seq: u64,
    },
    SnapDiff {
        from: u64,
        to: u64,
    },
    Paste {
        index: usize,
    },
    Focus {
        index: usize,
    },
    Lines {
        seq: u64,
        from: u32,
        to: u32,
    },
    /// The submitted code.
    Final,
}

impl fmt::Display for EvidenceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HiddenTest { name } => write!(f, "[test {name}]"),
            Self::TestRun { id, test: Some(t) } => write!(f, "[test run {id}: {t}]"),
            Self::TestRun { id, test: None } => write!(f, "[test run {id}]"),
            Self::Run { id } => write!(f, "[run {id}]"),
            Self::Exchange { id } => write!(f, "[prompt {id}]"),
            Self::Snapshot { seq } => write!(f, "[snap {seq}]"),
            Self::SnapDiff { from, to } => write!(f, "[snap {from}→{to}]"),
            Self::Paste { index } => write!(f, "[paste {index}]"),
            Self::Focus { index } => write!(f, "[focus {index}]"),
            Self::Lines { seq, from, to } => write!(f, "[snap {seq} lines {from}-{to}]"),
            Self::Final => write!(f, "[snap final]"),
        }
    }
}

/// One signal's result with its explanation and the measured features behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalResult {
    pub id: SignalId,
    pub title: String,
    pub status: SignalStatus,
    /// The engine's own score before any judge.
    pub deterministic: Option<Tenths>,
    /// The judge's shifted score when a valid verdict was applied.
    pub judged: Option<Tenths>,
    /// This signal's share of the overall score after renormalisation (0 when it dropped out).
    pub weight_used: f64,
    pub explanation: String,
    pub evidence: Vec<EvidenceRef>,
    pub features: BTreeMap<String, f64>,
}

impl SignalResult {
    /// Why the signal has no score, when it has none.
    pub fn unscored_reason(&self) -> Option<&str> {
        match &self.status {
            SignalStatus::Scored { .. } => None,
            SignalStatus::NotApplicable { reason }
            | SignalStatus::Insufficient { reason }
            | SignalStatus::NotGraded { reason } => Some(reason),
        }
    }

    /// The final score on the 0-10 scale, when the signal was scored.
    pub fn score(&self) -> Option<f64> {
        self.tenths().map(Tenths::as_f64)
    }

    pub fn tenths(&self) -> Option<Tenths> {
        match self.status {
            SignalStatus::Scored { score } => Some(score),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// F1: a large paste that matches nothing in the session.
    ExternalPaste,
    /// F2: long or frequent absence from the IDE.
    FocusLoss,
    /// F3: an external paste shortly after returning from a long absence.
    PasteAfterAbsence,
    /// F4: a burst of new code without a paste event.
    BurstWithoutPaste,
    /// F5: prompt injection or system-probe text.
    Injection,
    /// F6: no snapshots for a long time while the IDE had focus.
    SnapshotGap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Medium,
    High,
}

/// An item for a human to verify. Flags never change a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    pub severity: Severity,
    pub explanation: String,
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewBand {
    None,
    /// Only medium items.
    Note,
    /// At least one high item.
    Review,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub band: ReviewBand,
    /// How many items to verify.
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    pub engine_version: String,
    pub weights_hash: String,
    /// 0-10 with one decimal; `None` when the hidden tests could not be graded.
    pub overall: Option<Tenths>,
    /// Weighted mean of S4, S5 and S8; `None` reads "no AI used".
    pub ai_collaboration: Option<Tenths>,
    pub review: Review,
    pub flags: Vec<Flag>,
    pub signals: Vec<SignalResult>,
    /// Judgeable, scored signals that no valid judge verdict moved.
    pub unjudged: Vec<SignalId>,
    /// Signals left out of the overall score (not applicable, not enough evidence, not graded) and
    /// why; the overall is the weighted mean of the others.
    #[serde(default)]
    pub left_out: Vec<LeftOut>,
    /// AI code that went into the editor and came out again (undo, deletion, revert) before any run executed it:
    /// not adopted, listed so that every view can say when it went in and out.
    #[serde(default)]
    pub withdrawn: Vec<WithdrawnCode>,
    /// Why there is no AI-collaboration sub-score ("No AI used", or what evidence was missing);
    /// `None` when there is one.
    #[serde(default)]
    pub ai_collaboration_note: Option<String>,
    /// Every paste, flagged or not, numbered as the timeline numbers them (`[paste N]`).
    #[serde(default)]
    pub pastes: Vec<PasteEntry>,
    /// Every time the candidate left the assessment tab, numbered as `[focus N]`.
    #[serde(default)]
    pub absences: Vec<Absence>,
}

/// Where a paste's text was found: in an AI reply the candidate had received, in the session's own text (their
/// code, the starter code, the task), or nowhere in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasteSource {
    Ai,
    Own,
    External,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasteEntry {
    /// 1-based, in time order.
    pub index: usize,
    pub t_ms: u64,
    pub chars: u64,
    pub source: PasteSource,
    /// False when none of its lines ever reached a saved code state (pasted and removed in between).
    pub kept: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Absence {
    /// 1-based, in time order.
    pub index: usize,
    pub lost_ms: u64,
    pub regained_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawnCode {
    /// The exchange whose reply held the code (`[prompt N]`).
    pub exchange: u64,
    /// When the code state holding it was first seen, and the first one without it (ms from the start).
    pub inserted_ms: u64,
    pub removed_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    pub signal: SignalId,
    pub title: String,
    pub reason: String,
}

impl ScoreReport {
    /// The overall score on the 0-10 scale (one decimal), when graded.
    pub fn overall(&self) -> Option<f64> {
        self.overall.map(Tenths::as_f64)
    }

    /// The AI-collaboration sub-score, or `None` for "no AI used".
    pub fn ai_collaboration(&self) -> Option<f64> {
        self.ai_collaboration.map(Tenths::as_f64)
    }

    pub fn signal(&self, id: SignalId) -> Option<&SignalResult> {
        self.signals.iter().find(|s| s.id == id)
    }

    /// Shortcut for the final score of one signal.
    pub fn signal_score(&self, id: SignalId) -> Option<f64> {
        self.signal(id).and_then(SignalResult::score)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_ids_serialize_as_their_stable_codes() {
        let codes: Vec<String> = SignalId::ALL
            .iter()
            .map(|id| serde_json::to_string(id).unwrap())
            .collect();
        assert_eq!(
            codes,
            ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9"].map(|c| format!("\"{c}\""))
        );
        for id in SignalId::ALL {
            assert_eq!(
                serde_json::to_string(&id).unwrap(),
                format!("\"{}\"", id.code())
            );
            let read: SignalId = serde_json::from_str(&format!("\"{}\"", id.code())).unwrap();
            assert_eq!(read, id);
        }
        assert!(serde_json::from_str::<SignalId>("\"Correctness\"").is_err());
    }

    #[test]
    fn tenths_round_half_up_and_clamp() {
        assert_eq!(Tenths::from_score(8.45).tenths(), 85);
        assert_eq!(Tenths::from_score(8.449).tenths(), 84);
        assert_eq!(Tenths::from_score(0.05).tenths(), 1);
        assert_eq!(Tenths::from_score(-3.0), Tenths::ZERO);
        assert_eq!(Tenths::from_score(12.0), Tenths::MAX);
        assert_eq!(Tenths::from_score(f64::NAN), Tenths::ZERO);
        assert_eq!(Tenths::new(101), None);
    }

    #[test]
    fn tenths_serialise_as_decimals() {
        let t = Tenths::from_score(7.3);
        assert_eq!(serde_json::to_string(&t).unwrap(), "7.3");
        assert_eq!(serde_json::from_str::<Tenths>("7.3").unwrap(), t);
        assert!(serde_json::from_str::<Tenths>("10.5").is_err());
        assert_eq!(t.to_string(), "7.3");
    }

    #[test]
    fn evidence_refs_render_as_link_labels() {
        assert_eq!(
            EvidenceRef::SnapDiff { from: 41, to: 42 }.to_string(),
            "[snap 41→42]"
        );
        assert_eq!(EvidenceRef::Exchange { id: 3 }.to_string(), "[prompt 3]");
        assert_eq!(
            EvidenceRef::HiddenTest {
                name: "test_x".into()
            }
            .to_string(),
            "[test test_x]"
        );
    }
}
