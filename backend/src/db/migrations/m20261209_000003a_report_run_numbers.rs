//! Reports graded before runs were numbered as the timeline numbers them cite a run by its place among all of
//! the session's events (`[test run 16]` for the third test run, the 16th event). This renumbers them once, so
//! every stored report's links and evidence use the timeline's numbering (`[test run 3]`) like new reports.
//!
//! Which reports are old: when the judges' input (the session record a report was computed from) is stored, its
//! runs are numbered 1, 2, 3 … per kind exactly when the report is new; without it, the report predates the
//! `left_out` list, which every report of the new numbering carries. The events are read in the order the
//! grading read them (session time, then id), so the old numbers map back to the same events.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::prelude::*;
use serde_json::Value;

use super::m20261204_000008_chat_exchanges::json_column;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let reports = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, score_report FROM assessments WHERE score_report IS NOT NULL",
            ))
            .await?;
        for row in reports {
            let id: i32 = row.try_get("", "id")?;
            let mut report = json_column(backend, &row, "score_report")?;
            let events = db
                .query_all_raw(
                    backend.build(
                        Query::select()
                            .columns([AssessmentEvents::Id, AssessmentEvents::Kind])
                            .from(AssessmentEvents::Table)
                            .and_where(Expr::col(AssessmentEvents::AssessmentId).eq(id))
                            .order_by(AssessmentEvents::TMs, Order::Asc)
                            .order_by(AssessmentEvents::Id, Order::Asc),
                    ),
                )
                .await?;
            let kinds: Vec<String> = events
                .iter()
                .map(|e| e.try_get("", "kind"))
                .collect::<Result<_, _>>()?;
            let input = judge_input(manager, id).await?;
            let old = match input.as_ref().map(|(_, v)| v) {
                Some(input) => !numbered_per_kind(input),
                None => report.get("left_out").is_none(),
            };
            if !old {
                continue;
            }
            let map = Renumbering::new(&kinds);
            map.apply(&mut report);
            update(manager, "assessments", "score_report", id, report).await?;
            if let Some((event_id, mut input)) = input {
                // Only the report: the record holds the candidate's own text, which may look like a label.
                map.apply(&mut input["report"]);
                map.apply_record(&mut input["record"]);
                update(manager, "assessment_events", "data", event_id, input).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The old numbers named nothing a reader could find; there is nothing to go back to.
        Ok(())
    }
}

/// The judges' input event of an assessment: its row id and data.
async fn judge_input(
    manager: &SchemaManager<'_>,
    assessment_id: i32,
) -> Result<Option<(i32, Value)>, DbErr> {
    let backend = manager.get_database_backend();
    let row = manager
        .get_connection()
        .query_one_raw(
            backend.build(
                Query::select()
                    .columns([AssessmentEvents::Id, AssessmentEvents::Data])
                    .from(AssessmentEvents::Table)
                    .and_where(Expr::col(AssessmentEvents::AssessmentId).eq(assessment_id))
                    .and_where(Expr::col(AssessmentEvents::Kind).eq("judge_input")),
            ),
        )
        .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some((
        row.try_get("", "id")?,
        json_column(backend, &row, "data")?,
    )))
}

async fn update(
    manager: &SchemaManager<'_>,
    table: &str,
    column: &str,
    id: i32,
    value: Value,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table(Alias::new(table))
        .value(Alias::new(column), value)
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    manager.exec_stmt(update).await
}

#[derive(DeriveIden)]
enum AssessmentEvents {
    Table,
    Id,
    AssessmentId,
    Kind,
    TMs,
    Data,
}

/// Whether a judges' input's session record numbers runs and test runs 1, 2, 3 … per kind.
fn numbered_per_kind(input: &Value) -> bool {
    ["runs", "test_runs"].iter().all(|key| {
        input["record"][key]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .all(|(i, run)| run["id"].as_u64() == Some(i as u64 + 1))
    })
}

/// Old number (1-based place among all events) → the timeline's number, for runs and for test runs.
struct Renumbering {
    runs: BTreeMap<u64, u64>,
    test_runs: BTreeMap<u64, u64>,
}

impl Renumbering {
    fn new(kinds: &[String]) -> Self {
        let mut map = Self {
            runs: BTreeMap::new(),
            test_runs: BTreeMap::new(),
        };
        for (i, kind) in kinds.iter().enumerate() {
            let own = match kind.as_str() {
                "run" => &mut map.runs,
                "test_run" => &mut map.test_runs,
                _ => continue,
            };
            let n = own.len() as u64 + 1;
            own.insert(i as u64 + 1, n);
        }
        map
    }

    /// Renumbers every evidence ref (`{"kind": "run", "id": 16}`) and every link label (`[run 16]`,
    /// `[test run 16]`, `[test run 16: name]`) anywhere in a report.
    fn apply(&self, value: &mut Value) {
        match value {
            Value::String(text) => *text = self.relabel(text),
            Value::Array(items) => items.iter_mut().for_each(|v| self.apply(v)),
            Value::Object(fields) => {
                let own = match fields.get("kind").and_then(Value::as_str) {
                    Some("run") => Some(&self.runs),
                    Some("test_run") => Some(&self.test_runs),
                    _ => None,
                };
                if let Some(own) = own
                    && let Some(new) = fields
                        .get("id")
                        .and_then(Value::as_u64)
                        .and_then(|id| own.get(&id))
                {
                    fields.insert("id".into(), (*new).into());
                }
                fields.values_mut().for_each(|v| self.apply(v));
            }
            _ => {}
        }
    }

    /// The session record's own runs: numbered 1, 2, 3 … per kind, as the grading numbers them now.
    fn apply_record(&self, record: &mut Value) {
        for key in ["runs", "test_runs"] {
            if let Some(runs) = record[key].as_array_mut() {
                for (i, run) in runs.iter_mut().enumerate() {
                    run["id"] = (i as u64 + 1).into();
                }
            }
        }
    }

    fn relabel(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('[') {
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let end = rest.find(']').map_or(rest.len(), |e| e + 1);
            out.push_str(&self.relabel_one(&rest[..end]));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// One `[...]` label, renumbered when it cites a run or a test run the map knows.
    fn relabel_one(&self, label: &str) -> String {
        let inner = &label[1..label.len().saturating_sub(1).max(1)];
        let (prefix, own, number_and_rest) = if let Some(rest) = inner.strip_prefix("test run ") {
            ("test run ", &self.test_runs, rest)
        } else if let Some(rest) = inner.strip_prefix("run ") {
            ("run ", &self.runs, rest)
        } else {
            return label.to_string();
        };
        let digits = number_and_rest.len()
            - number_and_rest
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        let (number, tail) = number_and_rest.split_at(digits);
        match number.parse::<u64>().ok().and_then(|n| own.get(&n)) {
            Some(new) if label.ends_with(']') => format!("[{prefix}{new}{tail}]"),
            _ => label.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map() -> Renumbering {
        let kinds = [
            "snapshot",
            "test_run",
            "paste",
            "snapshot",
            "run",
            "test_run",
            "focus_lost",
            "test_run",
        ];
        Renumbering::new(&kinds.map(String::from))
    }

    #[test]
    fn labels_and_refs_take_the_timelines_numbers() {
        let mut report = json!({
            "signals": [{
                "explanation": "All visible tests passed at 03:40 [test run 8]; ran it first [run 5] [test run 2: test_total] [snap 1→4] [prompt 1].",
                "evidence": [{"kind": "test_run", "id": 6}, {"kind": "run", "id": 5}, {"kind": "exchange", "id": 1}],
            }],
            "flags": [{"explanation": "[test run 99] stays: it names no test run.", "evidence": []}],
        });
        map().apply(&mut report);
        assert_eq!(
            report["signals"][0]["explanation"],
            "All visible tests passed at 03:40 [test run 3]; ran it first [run 1] [test run 1: test_total] [snap 1→4] [prompt 1]."
        );
        assert_eq!(
            report["signals"][0]["evidence"],
            json!([{"kind": "test_run", "id": 2}, {"kind": "run", "id": 1}, {"kind": "exchange", "id": 1}])
        );
        assert_eq!(
            report["flags"][0]["explanation"],
            "[test run 99] stays: it names no test run."
        );
    }

    #[test]
    fn text_without_labels_or_with_a_broken_one_is_kept() {
        let m = map();
        for text in [
            "no links",
            "[",
            "[run",
            "[run 5",
            "a [run x] b",
            "[]",
            "[test run ]",
        ] {
            assert_eq!(m.relabel(text), text);
        }
    }

    #[test]
    fn the_judges_record_is_numbered_per_kind() {
        let mut input = json!({"record": {"runs": [{"id": 5}], "test_runs": [{"id": 2}, {"id": 6}, {"id": 8}]}});
        assert!(!numbered_per_kind(&input));
        map().apply_record(&mut input["record"]);
        assert!(numbered_per_kind(&input));
        assert_eq!(
            input["record"]["test_runs"],
            json!([{"id": 1}, {"id": 2}, {"id": 3}])
        );
    }
}
