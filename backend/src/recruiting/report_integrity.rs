//! The PDF's Integrity data, read from the same stored fields the web app's Integrity panel reads
//! (`score_report.review`, `score_report.flags`), with each item's evidence turned into a moment a reader of paper
//! can find: "Paste #2, 04:12 in, 09:17 UTC".

use chrono_tz::Tz;
use serde_json::Value;
use tali_report::{Integrity, IntegrityFlag};

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
        // In the organization's zone the wall clock is its own.
        let berlin = integrity(Some(&report), &timeline, Tz::Europe__Berlin).unwrap();
        assert_eq!(berlin.flags[0].moments[0], "Paste #2, 04:12 in, 10:17 CET");
        let older = integrity(Some(&json!({"flags": []})), &timeline, Tz::UTC).unwrap();
        assert_eq!((older.band.as_str(), older.count), ("none", 0));
    }
}
