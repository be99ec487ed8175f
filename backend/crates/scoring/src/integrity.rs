//! S10 Integrity flags. They never change a score; they feed the review band with evidence and
//! neutral wording (an own editor or accessibility tools can explain many of them).

use crate::prep::Prepared;
use crate::prep::provenance::{BURST_CHARS, PasteInfo};
use crate::prep::states::change_ref;
use crate::report::{EvidenceRef, Flag, FlagKind, Review, ReviewBand, Severity};
use crate::signals::{cite, mmss, percent};
use crate::text::lexer::{multiset_overlap, multiset_size};
use crate::text::patterns::{INJECTION, SYSTEM_PROBE};

const PASTE_HIGH_CHARS: u64 = 800;
const PASTE_HIGH_SHARE: f64 = 0.3;
const ABSENCE_MEDIUM_MS: u64 = 60_000;
const ABSENCE_HIGH_MS: u64 = 180_000;
const AWAY_SHARE_MEDIUM: f64 = 0.2;
const PASTE_AFTER_RETURN_MS: u64 = 60_000;
const SNAPSHOT_GAP_MS: u64 = 60_000;

pub fn flags(p: &Prepared<'_>) -> Vec<Flag> {
    let mut out = Vec::new();
    external_pastes(p, &mut out);
    focus_loss(p, &mut out);
    for burst in &p.provenance.bursts {
        let evidence: Vec<EvidenceRef> = change_ref(&p.states, burst.state).into_iter().collect();
        out.push(Flag {
            kind: FlagKind::BurstWithoutPaste,
            severity: Severity::Medium,
            explanation: format!(
                "To verify: {} characters of new code appeared within one snapshot interval at {} without a paste event {}.",
                burst.chars,
                mmss(p.states[burst.state].t_ms),
                cite(&evidence)
            ),
            evidence,
        });
    }
    for e in &p.rec.exchanges {
        let severity = if INJECTION.is_match(&e.prompt) {
            Severity::High
        } else if SYSTEM_PROBE.is_match(&e.prompt) {
            Severity::Medium
        } else {
            continue;
        };
        let r = EvidenceRef::Exchange { id: e.id };
        out.push(Flag {
            kind: FlagKind::Injection,
            severity,
            explanation: format!(
                "To verify: a prompt tries to change or reveal the assistant's instructions {r}."
            ),
            evidence: vec![r],
        });
    }
    snapshot_gaps(p, &mut out);
    out
}

pub fn review(flags: &[Flag]) -> Review {
    let band = if flags.iter().any(|f| f.severity == Severity::High) {
        ReviewBand::Review
    } else if flags.is_empty() {
        ReviewBand::None
    } else {
        ReviewBand::Note
    };
    Review {
        band,
        count: flags.len(),
    }
}

/// Evidence index of the i-th item in time order (1-based, as shown to reviewers).
fn nth(i: usize) -> usize {
    i + 1
}

fn external_pastes(p: &Prepared<'_>, out: &mut Vec<Flag>) {
    let changed = multiset_size(&p.changed);
    for (i, paste) in p.pastes.iter().enumerate() {
        if !paste.external || paste.chars < BURST_CHARS as u64 {
            continue;
        }
        let share = if changed == 0 {
            0.0
        } else {
            f64::from(multiset_overlap(&paste.lines, &p.changed)) / f64::from(changed)
        };
        let mut evidence = vec![EvidenceRef::Paste { index: nth(i) }];
        evidence.extend(arrival(p, paste));
        let high = paste.chars >= PASTE_HIGH_CHARS || share >= PASTE_HIGH_SHARE;
        out.push(Flag {
            kind: FlagKind::ExternalPaste,
            severity: if high { Severity::High } else { Severity::Medium },
            explanation: format!(
                "To verify: a {}-character paste at {}, found in no AI reply, the starter code or the task text; {} % of the changed lines came with it {}.",
                paste.chars,
                mmss(paste.t_ms),
                percent(share),
                cite(&evidence)
            ),
            evidence: evidence.clone(),
        });
        let after_absence = p.rec.focus.iter().enumerate().find(|(_, f)| {
            f.regained_ms - f.lost_ms >= ABSENCE_MEDIUM_MS
                && paste.t_ms >= f.regained_ms
                && paste.t_ms - f.regained_ms <= PASTE_AFTER_RETURN_MS
        });
        if let Some((j, f)) = after_absence {
            let evidence: Vec<EvidenceRef> = std::iter::once(EvidenceRef::Focus { index: nth(j) })
                .chain(evidence)
                .collect();
            out.push(Flag {
                kind: FlagKind::PasteAfterAbsence,
                severity: Severity::High,
                explanation: format!(
                    "To verify: a {}-character paste at {}, found in no AI reply, {} s after the candidate returned from {} s away {}.",
                    paste.chars,
                    mmss(paste.t_ms),
                    (paste.t_ms - f.regained_ms) / 1000,
                    (f.regained_ms - f.lost_ms) / 1000,
                    cite(&evidence)
                ),
                evidence,
            });
        }
    }
}

/// The snapshot change that brought a paste into the code.
fn arrival(p: &Prepared<'_>, paste: &PasteInfo) -> Option<EvidenceRef> {
    change_ref(&p.states, paste.arrival?)
}

fn focus_loss(p: &Prepared<'_>, out: &mut Vec<Flag>) {
    let mut away = 0;
    for (i, f) in p.rec.focus.iter().enumerate() {
        let d = f.regained_ms - f.lost_ms;
        away += d;
        if d < ABSENCE_MEDIUM_MS {
            continue;
        }
        let r = EvidenceRef::Focus { index: nth(i) };
        out.push(Flag {
            kind: FlagKind::FocusLoss,
            severity: if d >= ABSENCE_HIGH_MS {
                Severity::High
            } else {
                Severity::Medium
            },
            explanation: format!(
                "To verify: away from the IDE for {} s at {} {r}.",
                d / 1000,
                mmss(f.lost_ms)
            ),
            evidence: vec![r],
        });
    }
    let session = p.rec.submitted_ms.max(1);
    let share = away as f64 / session as f64;
    if share > AWAY_SHARE_MEDIUM {
        let evidence: Vec<EvidenceRef> = (0..p.rec.focus.len())
            .map(|i| EvidenceRef::Focus { index: nth(i) })
            .collect();
        out.push(Flag {
            kind: FlagKind::FocusLoss,
            severity: Severity::Medium,
            explanation: format!(
                "To verify: away from the IDE for {} % of the session {}.",
                percent(share),
                cite(&evidence)
            ),
            evidence,
        });
    }
}

/// Focused time between two instants (focus intervals subtracted).
fn focused_ms(p: &Prepared<'_>, from: u64, to: u64) -> u64 {
    let away: u64 = p
        .rec
        .focus
        .iter()
        .map(|f| f.regained_ms.min(to).saturating_sub(f.lost_ms.max(from)))
        .sum();
    (to - from).saturating_sub(away)
}

/// F6. Snapshots are sent only when the code changes, so a pause to think leaves no snapshot; the recorder's
/// heartbeats are what make a silence mean something. Without heartbeats there is nothing to judge.
fn snapshot_gaps(p: &Prepared<'_>, out: &mut Vec<Flag>) {
    if p.rec.heartbeats.is_empty() {
        return;
    }
    let mut marks: Vec<(u64, Option<u64>)> = vec![(0, None)];
    marks.extend(p.rec.snapshots.iter().map(|s| (s.t_ms, Some(s.seq))));
    marks.extend(p.rec.heartbeats.iter().map(|&t| (t, None)));
    marks.sort_by_key(|&(t, _)| t);
    marks.push((p.rec.submitted_ms.max(marks[marks.len() - 1].0), None));
    for w in marks.windows(2) {
        let ((from, a), (to, b)) = (w[0], w[1]);
        let focused = focused_ms(p, from, to);
        if focused <= SNAPSHOT_GAP_MS {
            continue;
        }
        let evidence: Vec<EvidenceRef> = match (a, b) {
            (Some(from), Some(to)) => vec![EvidenceRef::SnapDiff { from, to }],
            (Some(seq), None) | (None, Some(seq)) => vec![EvidenceRef::Snapshot { seq }],
            (None, None) => vec![],
        };
        out.push(Flag {
            kind: FlagKind::SnapshotGap,
            severity: Severity::Medium,
            explanation: format!(
                "To verify: the IDE recorded nothing for {} s after {} while it had focus {}.",
                focused / 1000,
                mmss(from),
                cite(&evidence)
            ),
            evidence,
        });
    }
}
