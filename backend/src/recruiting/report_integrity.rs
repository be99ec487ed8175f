//! The PDF's Integrity data, read from the same stored fields the web app's Integrity panel reads
//! (`score_report.review`, `score_report.flags`), with each item's evidence turned into a moment a reader of paper
//! can find: "Paste #2, 04:12 in, 09:17 UTC".

use chrono::{DateTime, Duration};
use chrono_tz::Tz;
use serde_json::Value;
use tali_report::{Activity, Integrity, IntegrityFlag};

use super::report::{human_links, session_time};

/// `None` when the assessment has no score report yet.
pub(super) fn integrity(
    score_report: Option<&Value>,
    timeline: &Value,
    tz: Tz,
) -> Option<Integrity> {
    let report = score_report?;
    let flags: Vec<IntegrityFlag> = report
        .get("flags")
        .and_then(Value::as_array)
        .map(|flags| flags.iter().map(|f| flag(f, timeline, tz)).collect())
        .unwrap_or_default();
    let review = report.get("review");
    let band = review
        .and_then(|r| r.get("band"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| if flags.is_empty() { "none" } else { "note" }.to_owned());
    let count = review
        .and_then(|r| r.get("count"))
        .and_then(Value::as_u64)
        .unwrap_or(flags.len() as u64);
    Some(Integrity {
        band,
        count: u32::try_from(count).unwrap_or(u32::MAX),
        flags,
        activity: activity(report, timeline, tz),
    })
}

/// Where a paste's text was found, in the web app's words.
fn paste_source(source: &str) -> &'static str {
    match source {
        "ai" => "from an AI reply",
        "own" => "from the session's own code or the task",
        "external" => "from outside the session",
        _ => "source not known",
    }
}

/// "45 s", "2 min 30 s", as the web app says it.
fn away_for(ms: u64) -> String {
    let s = (ms + 500) / 1000;
    match (s / 60, s % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// Every paste and absence the engine listed, each at its moment; `None` for reports scored before the list.
fn activity(report: &Value, timeline: &Value, tz: Tz) -> Option<Activity> {
    let pastes = report.get("pastes")?.as_array()?;
    let absences = report
        .get("absences")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let started = timeline
        .as_array()
        .and_then(|events| {
            events
                .iter()
                .find(|e| e.get("type").and_then(Value::as_str) == Some("started"))
        })
        .and_then(|e| e.get("at").and_then(Value::as_str))
        .and_then(|at| DateTime::parse_from_rfc3339(at).ok());
    let when = |t_ms: u64| match started {
        Some(start) => session_time(
            Some(t_ms),
            &(start + Duration::milliseconds(t_ms as i64)).to_rfc3339(),
            tz,
        ),
        None => format!("{} in", super::reference_view::clock(t_ms)),
    };
    let number = |v: &Value, key: &str| v.get(key).and_then(Value::as_u64).unwrap_or(0);
    let mut by_source: Vec<(&'static str, usize)> = Vec::new();
    let paste_lines = pastes
        .iter()
        .map(|p| {
            let source = paste_source(p.get("source").and_then(Value::as_str).unwrap_or_default());
            match by_source.iter_mut().find(|(s, _)| *s == source) {
                Some((_, n)) => *n += 1,
                None => by_source.push((source, 1)),
            }
            let removed = if p.get("kept").and_then(Value::as_bool) == Some(false) {
                ", removed before the next save"
            } else {
                ""
            };
            format!(
                "Paste #{}, {}: {} characters, {source}{removed}",
                number(p, "index"),
                when(number(p, "t_ms")),
                number(p, "chars")
            )
        })
        .collect::<Vec<_>>();
    let mut away_total = 0;
    let mut longest = 0;
    let absence_lines = absences
        .iter()
        .map(|a| {
            let away = number(a, "regained_ms").saturating_sub(number(a, "lost_ms"));
            away_total += away;
            longest = longest.max(away);
            format!(
                "Left the tab #{}, {}: away {}",
                number(a, "index"),
                when(number(a, "lost_ms")),
                away_for(away)
            )
        })
        .collect::<Vec<_>>();
    let pastes_said = match paste_lines.len() {
        0 => "No pastes.".to_owned(),
        n => {
            let parts: Vec<String> = by_source.iter().map(|(s, k)| format!("{k} {s}")).collect();
            format!(
                "{n} paste{}: {}.",
                if n == 1 { "" } else { "s" },
                parts.join(", ")
            )
        }
    };
    let away_said = match absence_lines.len() {
        0 => "Never left the assessment tab.".to_owned(),
        1 => format!("Left the tab once, away {}.", away_for(away_total)),
        n => format!(
            "Left the tab {n} times, away {} in all, the longest {}.",
            away_for(away_total),
            away_for(longest)
        ),
    };
    Some(Activity {
        summary: format!("{pastes_said} {away_said}"),
        pastes: paste_lines,
        absences: absence_lines,
    })
}

fn flag(flag: &Value, timeline: &Value, tz: Tz) -> IntegrityFlag {
    let field = |key: &str| {
        flag.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    IntegrityFlag {
        kind: field("kind"),
        severity: field("severity"),
        explanation: human_links(&field("explanation")),
        moments: flag
            .get("evidence")
            .and_then(Value::as_array)
            .map(|refs| {
                refs.iter()
                    .filter_map(|r| moment(r, timeline, tz))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The evidence's name as the web app's chips call it, with its time when the timeline has the entry.
fn moment(evidence: &Value, timeline: &Value, tz: Tz) -> Option<String> {
    let number = |key: &str| evidence.get(key).and_then(Value::as_u64);
    let (label, key) = match evidence.get("kind").and_then(Value::as_str)? {
        "paste" => (
            format!("Paste #{}", number("index")?),
            format!("paste {}", number("index")?),
        ),
        "focus" => (
            format!("Absence #{}", number("index")?),
            format!("focus {}", number("index")?),
        ),
        "exchange" => (
            format!("Prompt #{}", number("id")?),
            format!("prompt {}", number("id")?),
        ),
        "run" => (
            format!("Run #{}", number("id")?),
            format!("run {}", number("id")?),
        ),
        "test_run" => (
            format!("Test run #{}", number("id")?),
            format!("test run {}", number("id")?),
        ),
        "snapshot" => return Some(format!("Code snapshot #{}", number("seq")?)),
        "snap_diff" => {
            return Some(format!(
                "Code change {}->{}",
                number("from")?,
                number("to")?
            ));
        }
        "lines" => {
            return Some(format!(
                "Snapshot #{}, lines {}-{}",
                number("seq")?,
                number("from")?,
                number("to")?
            ));
        }
        "final" => return Some("Submitted code".to_owned()),
        _ => return None,
    };
    let entry = timeline.as_array().and_then(|events| {
        events
            .iter()
            .find(|e| e.get("ref").and_then(Value::as_str) == Some(&key))
    });
    Some(match entry {
        Some(e) => {
            let at = e.get("at").and_then(Value::as_str).unwrap_or_default();
            format!(
                "{label}, {}",
                session_time(e.get("t_ms").and_then(Value::as_u64), at, tz)
            )
        }
        None => label,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn flags_read_like_the_panel_with_their_moments() {
        let report = json!({
            "review": {"band": "review", "count": 2},
            "flags": [
                {"kind": "external_paste", "severity": "high", "explanation": "A paste [paste 2].",
                 "evidence": [{"kind": "paste", "index": 2}, {"kind": "final"}]},
                {"kind": "focus_loss", "severity": "medium", "explanation": "Away.",
                 "evidence": [{"kind": "focus", "index": 1}]}
            ]
        });
        let timeline = json!([
            {"ref": "paste 2", "t_ms": 252_400, "at": "2026-12-04T09:17:38Z"},
            {"ref": "prompt 1", "t_ms": 1000, "at": "2026-12-04T09:13:27Z"}
        ]);
        let read = integrity(Some(&report), &timeline, Tz::UTC).unwrap();
        assert_eq!((read.band.as_str(), read.count), ("review", 2));
        assert_eq!(read.flags[0].explanation, "A paste (paste #2).");
        assert_eq!(
            read.flags[0].moments,
            ["Paste #2, 04:12 in, 09:17 UTC", "Submitted code"]
        );
        // An absence the timeline does not list keeps its name without a time.
        assert_eq!(read.flags[1].moments, ["Absence #1"]);
        assert!(integrity(None, &timeline, Tz::UTC).is_none());
        // Reports scored before the engine listed every paste have no list.
        assert!(read.activity.is_none());
        // In the organization's zone the wall clock is its own.
        let berlin = integrity(Some(&report), &timeline, Tz::Europe__Berlin).unwrap();
        assert_eq!(berlin.flags[0].moments[0], "Paste #2, 04:12 in, 10:17 CET");
        let older = integrity(Some(&json!({"flags": []})), &timeline, Tz::UTC).unwrap();
        assert_eq!((older.band.as_str(), older.count), ("none", 0));
    }

    #[test]
    fn every_paste_and_absence_is_summed_up_and_listed_at_its_moment() {
        let report = json!({
            "review": {"band": "none", "count": 0}, "flags": [],
            "pastes": [
                {"index": 1, "t_ms": 60_000, "chars": 120, "source": "ai", "kept": true},
                {"index": 2, "t_ms": 252_400, "chars": 950, "source": "external", "kept": true},
                {"index": 3, "t_ms": 300_000, "chars": 12, "source": "ai", "kept": false}
            ],
            "absences": [
                {"index": 1, "lost_ms": 120_000, "regained_ms": 270_000},
                {"index": 2, "lost_ms": 400_000, "regained_ms": 445_000}
            ]
        });
        let timeline = json!([{"type": "started", "t_ms": 0, "at": "2026-12-04T09:13:26+00:00"}]);
        let activity = integrity(Some(&report), &timeline, Tz::UTC)
            .unwrap()
            .activity
            .unwrap();
        assert_eq!(
            activity.summary,
            "3 pastes: 2 from an AI reply, 1 from outside the session. \
             Left the tab 2 times, away 3 min 15 s in all, the longest 2 min 30 s."
        );
        assert_eq!(
            activity.pastes,
            [
                "Paste #1, 01:00 in, 09:14 UTC: 120 characters, from an AI reply",
                "Paste #2, 04:12 in, 09:17 UTC: 950 characters, from outside the session",
                "Paste #3, 05:00 in, 09:18 UTC: 12 characters, from an AI reply, removed before the next save"
            ]
        );
        assert_eq!(
            activity.absences[1],
            "Left the tab #2, 06:40 in, 09:20 UTC: away 45 s"
        );
        let quiet = json!({"flags": [], "pastes": [], "absences": []});
        let none = integrity(Some(&quiet), &json!([]), Tz::UTC)
            .unwrap()
            .activity
            .unwrap();
        assert_eq!(none.summary, "No pastes. Never left the assessment tab.");
    }
}
