//! The assessments list as CSV (`GET /assessments/export.csv`): the list's filter and order, read page by page
//! with the list's keyset cursor and written out one page at a time, so an export of 10,000 rows holds one page
//! in memory, never the whole file.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and some a tab or carriage return) as a
//! formula: a candidate named `=HYPERLINK(...)` must not become a link in the recruiter's sheet, so such cells
//! are prefixed with `'`.

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::{Stream, StreamExt};
use sea_orm::Select;

use super::assessments::AssessmentListItem;
use super::list_order::{Cursor, Sort};
use super::listing::{self, ListFilter, Start};
use crate::db::entities::assessment;
use crate::domain::Result;
use crate::state::AppState;

/// Rows read (and written) at a time.
pub const PAGE_ROWS: u64 = 500;

const HEADER: [&str; 14] = [
    "id",
    "candidate_name",
    "candidate_email",
    "position",
    "task",
    "status",
    "score",
    "tests_passed",
    "tests_total",
    "duration_minutes",
    "created_at",
    "started_at",
    "completed_at",
    "expires_at",
];

/// The CSV of the organization's assessments under `filter` in `sort` order: the header, then one chunk (of text)
/// per page. A filter or order that is not valid is refused here, before anything is streamed.
pub async fn csv(
    state: &AppState,
    organization_id: i32,
    filter: &ListFilter,
    sort: Sort,
) -> Result<impl Stream<Item = std::io::Result<String>> + Send + 'static> {
    let now = Utc::now();
    let (select, _) = listing::filtered(state, organization_id, filter, now).await?;
    let reader = Reader {
        state: state.clone(),
        select,
        sort,
        now,
        next: Next::Header,
    };
    // Fused: the response's compression polls the body once more after its end, which an unfused `unfold` answers
    // with a panic (found by the schema fuzzer with `Accept-Encoding: gzip`).
    Ok(futures_util::stream::unfold(reader, Reader::step).fuse())
}

enum Next {
    Header,
    Page(Option<Cursor>),
    Done,
}

struct Reader {
    state: AppState,
    select: Select<assessment::Entity>,
    sort: Sort,
    now: DateTime<Utc>,
    next: Next,
}

impl Reader {
    async fn step(mut self) -> Option<(std::io::Result<String>, Self)> {
        match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => None,
            Next::Header => {
                self.next = Next::Page(None);
                Some((Ok(line(HEADER.map(String::from))), self))
            }
            Next::Page(cursor) => {
                let start = match &cursor {
                    Some(cursor) => Start::After(cursor),
                    None => Start::Offset(0),
                };
                let read = listing::read_rows(
                    &self.state,
                    self.select.clone(),
                    &self.sort,
                    start,
                    PAGE_ROWS,
                    self.now,
                )
                .await;
                match read {
                    Ok((items, more)) => {
                        if more && let Some(last) = items.last() {
                            self.next = Next::Page(Some(self.sort.position_of(last)));
                        }
                        if items.is_empty() {
                            return None;
                        }
                        let mut chunk = String::with_capacity(items.len() * 200);
                        for item in &items {
                            chunk.push_str(&line(cells(item)));
                        }
                        Some((Ok(chunk), self))
                    }
                    // The header is out already: the only way left to say so is to cut the download short.
                    Err(error) => Some((Err(failed(error)), self)),
                }
            }
        }
    }
}

fn failed(error: crate::domain::Error) -> std::io::Error {
    tracing::error!(%error, "the CSV export stopped");
    std::io::Error::other("the export could not be read")
}

fn time(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn number<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn cells(item: &AssessmentListItem) -> [String; 14] {
    [
        item.id.to_string(),
        item.candidate_name.clone(),
        item.candidate_email.clone(),
        item.candidate_position.clone().unwrap_or_default(),
        item.task_name.clone(),
        item.status.clone(),
        number(item.score),
        number(item.tests_passed),
        number(item.tests_total),
        item.duration_minutes.to_string(),
        time(Some(item.created_at)),
        time(item.started_at),
        time(item.completed_at),
        time(Some(item.expires_at)),
    ]
}

/// One CSV record (RFC 4180, CRLF-terminated), each cell neutralised and quoted as needed.
fn line<const N: usize>(cells: [String; N]) -> String {
    let mut out = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(&neutralise(cell)));
    }
    out.push_str("\r\n");
    out
}

/// A cell a spreadsheet would run as a formula, made plain text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_cells_quoted() {
        assert_eq!(
            line([
                "=HYPERLINK(\"http://x\",\"y\")".to_string(),
                "+1".into(),
                "-2".into(),
                "@SUM(A1)".into(),
                "\tx".into(),
                "\rx".into(),
                "Ada, Lovelace".into(),
                "plain".into(),
            ]),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1,'-2,'@SUM(A1),'\tx,\"'\rx\",\"Ada, Lovelace\",plain\r\n"
        );
    }
}
