//! The order of the assessments list (`?sort=score`, `-completed_at`, ...) and its keyset cursor.
//!
//! Every order ends with the id in the same direction, so rows that tie on the sort value keep one order and
//! paging (by offset or by cursor) neither repeats nor skips a row. Empty values (no score, not completed) come
//! last in both directions, in SQLite and PostgreSQL alike (the two disagree about where NULL sorts by default,
//! so the order says it explicitly). The default order, newest first, answers the same cursors as before
//! (`domain::page::Key`); the other orders' cursors carry the sort they belong to and the last row's value.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{Condition, Order, QueryFilter, QueryOrder, Select, Value};
use serde::{Deserialize, Serialize};

use super::assessments::AssessmentListItem;
use crate::db::entities::assessment;
use crate::domain::page::Key;
use crate::domain::{Error, Result};
use crate::lifecycle::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Score,
    CompletedAt,
    Status,
    CandidateName,
    CreatedAt,
}

impl Field {
    pub const NAMES: [&'static str; 5] = [
        "score",
        "completed_at",
        "status",
        "candidate_name",
        "created_at",
    ];

    fn parse(raw: &str) -> Option<Field> {
        Some(match raw {
            "score" => Self::Score,
            "completed_at" => Self::CompletedAt,
            "status" => Self::Status,
            "candidate_name" => Self::CandidateName,
            "created_at" => Self::CreatedAt,
            _ => return None,
        })
    }

    fn nullable(self) -> bool {
        matches!(self, Self::Score | Self::CompletedAt)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub field: Field,
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first.
    fn default() -> Self {
        Self {
            field: Field::CreatedAt,
            descending: true,
        }
    }
}

/// Where in its order a status sorts: the way an assessment moves, expired beside pending.
fn status_rank(status: Status) -> i32 {
    match status {
        Status::Pending => 0,
        Status::Expired => 1,
        Status::InProgress | Status::Submitting => 2,
        Status::Completed => 3,
        Status::Revoked => 4,
    }
}

impl Sort {
    /// `field` or `-field`; none is newest first.
    pub fn parse(raw: Option<&str>) -> Result<Sort> {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return Ok(Sort::default());
        };
        let (descending, name) = match raw.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, raw),
        };
        let field = Field::parse(name).ok_or_else(|| {
            Error::invalid(
                "sort",
                format!(
                    "must be one of: {} (a leading - for descending)",
                    Field::NAMES.join(", ")
                ),
            )
        })?;
        Ok(Sort { field, descending })
    }

    pub fn as_string(&self) -> String {
        let name = Field::NAMES[self.field as usize];
        if self.descending {
            format!("-{name}")
        } else {
            name.to_string()
        }
    }

    fn is_default(&self) -> bool {
        *self == Sort::default()
    }

    fn order(&self) -> Order {
        if self.descending {
            Order::Desc
        } else {
            Order::Asc
        }
    }

    /// What the rows are ordered by (before the id). `now` decides which pending rows are expired.
    fn expr(&self, now: DateTime<Utc>) -> Expr {
        use assessment::Column as A;
        match self.field {
            Field::Score => Expr::col((assessment::Entity, A::Score)),
            Field::CompletedAt => Expr::col((assessment::Entity, A::CompletedAt)),
            Field::CreatedAt => Expr::col((assessment::Entity, A::CreatedAt)),
            // Case-insensitive, so "alice" does not sort after "Zoe".
            Field::CandidateName => {
                Func::lower(Expr::col((assessment::Entity, A::CandidateName))).into()
            }
            Field::Status => {
                let stored = |s: Status| Expr::col((assessment::Entity, A::Status)).eq(s.as_str());
                Expr::case(
                    Condition::all()
                        .add(stored(Status::Pending))
                        .add(Expr::col((assessment::Entity, A::ExpiresAt)).gt(now)),
                    status_rank(Status::Pending),
                )
                .case(stored(Status::Pending), status_rank(Status::Expired))
                .case(
                    Condition::any()
                        .add(stored(Status::InProgress))
                        .add(stored(Status::Submitting)),
                    status_rank(Status::InProgress),
                )
                .case(stored(Status::Completed), status_rank(Status::Completed))
                .finally(status_rank(Status::Revoked))
                .into()
            }
        }
    }

    /// The value a row sorts by, as its cursor stores it.
    fn value_of(&self, item: &AssessmentListItem) -> serde_json::Value {
        use serde_json::json;
        match self.field {
            Field::Score => json!(item.score),
            Field::CompletedAt => json!(item.completed_at),
            Field::CreatedAt => json!(item.created_at),
            Field::CandidateName => json!(item.candidate_name),
            Field::Status => json!(status_rank(
                Status::parse(&item.status).unwrap_or(Status::Pending)
            )),
        }
    }

    /// The cursor's value as an SQL value of the sort's type, compared as the rows are (a name lower-cased by the
    /// database, as in the order); None for an empty value.
    fn bind(&self, value: &serde_json::Value) -> Result<Option<Expr>> {
        if value.is_null() {
            return if self.field.nullable() {
                Ok(None)
            } else {
                Err(bad_cursor())
            };
        }
        let bound = match self.field {
            Field::Score => value.as_f64().map(Value::from),
            Field::CompletedAt | Field::CreatedAt => {
                serde_json::from_value::<DateTime<Utc>>(value.clone())
                    .ok()
                    .map(Value::from)
            }
            Field::CandidateName => {
                return value
                    .as_str()
                    .map(|s| Some(Func::lower(Expr::val(s.to_string())).into()))
                    .ok_or_else(bad_cursor);
            }
            Field::Status => value.as_i64().map(|n| Value::from(n as i32)),
        };
        bound.map(|v| Some(Expr::val(v))).ok_or_else(bad_cursor)
    }

    /// `select` in this order, from after `cursor` when one is given (one row more than `limit` is the caller's).
    pub fn apply(
        &self,
        select: Select<assessment::Entity>,
        cursor: Option<&Cursor>,
        now: DateTime<Utc>,
    ) -> Result<Select<assessment::Entity>> {
        let id = Expr::col((assessment::Entity, assessment::Column::Id));
        let mut select = select;
        if let Some(cursor) = cursor {
            let after = |expr: Expr, value: Expr| {
                if self.descending {
                    expr.lt(value)
                } else {
                    expr.gt(value)
                }
            };
            let id_after = after(id.clone(), Expr::val(cursor.id));
            let column = self.expr(now);
            let condition = match self.bind(&cursor.value)? {
                // Past the last non-empty value: the remaining empty ones, by id.
                None => Condition::all().add(column.is_null()).add(id_after),
                // A row-value comparison, not `value < v OR (value = v AND id < i)`: PostgreSQL turns the pair into
                // a range of the (organization, created_at, id) index and starts reading at the cursor, where the
                // OR form walks the index from the first row and filters (measured in docs/performance.md).
                Some(value) if !self.field.nullable() => Condition::all().add(after(
                    Expr::tuple([column, id]),
                    Expr::tuple([value, Expr::val(cursor.id)]),
                )),
                Some(value) => {
                    let mut later = Condition::any()
                        .add(after(column.clone(), value.clone()))
                        .add(Condition::all().add(column.clone().eq(value)).add(id_after));
                    if self.field.nullable() {
                        later = later.add(column.is_null());
                    }
                    later
                }
            };
            select = select.filter(condition);
        }
        if self.field.nullable() {
            // false (a value) before true (empty), whichever way the values go.
            select = select.order_by(self.expr(now).is_null(), Order::Asc);
        }
        Ok(select
            .order_by(self.expr(now), self.order())
            .order_by(assessment::Column::Id, self.order()))
    }

    /// Where `item` stands in this order, to continue after it.
    pub fn position_of(&self, item: &AssessmentListItem) -> Cursor {
        Cursor {
            value: self.value_of(item),
            id: item.id,
        }
    }

    /// The cursor continuing after `item` in this order.
    pub fn cursor_after(&self, item: &AssessmentListItem) -> String {
        if self.is_default() {
            return item.key().encode();
        }
        let cursor = SortedKey {
            sort: self.as_string(),
            value: self.value_of(item),
            id: item.id,
        };
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&cursor).unwrap_or_default())
    }

    /// Reads a cursor this order gave out (newest first also takes the plain list cursors).
    pub fn decode_cursor(&self, raw: &str) -> Result<Cursor> {
        if self.is_default()
            && let Ok(key) = Key::decode(raw)
        {
            return Ok(Cursor {
                value: serde_json::json!(key.created_at),
                id: key.id,
            });
        }
        let key: SortedKey = URL_SAFE_NO_PAD
            .decode(raw.trim())
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or_else(bad_cursor)?;
        if key.sort != self.as_string() {
            return Err(Error::invalid(
                "cursor",
                "belongs to another sort order; start again from the first page",
            ));
        }
        Ok(Cursor {
            value: key.value,
            id: key.id,
        })
    }
}

fn bad_cursor() -> Error {
    Error::invalid("cursor", "is not a cursor this list gave out")
}

#[derive(Serialize, Deserialize)]
struct SortedKey {
    #[serde(rename = "s")]
    sort: String,
    #[serde(rename = "v")]
    value: serde_json::Value,
    id: i32,
}

/// The last row of the previous page: its sort value and id.
#[derive(Debug, Clone)]
pub struct Cursor {
    value: serde_json::Value,
    id: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_field_both_ways_and_refuses_others() {
        for name in Field::NAMES {
            assert_eq!(Sort::parse(Some(name)).unwrap().as_string(), name);
            let descending = format!("-{name}");
            assert_eq!(
                Sort::parse(Some(&descending)).unwrap().as_string(),
                descending
            );
        }
        assert_eq!(Sort::parse(None).unwrap(), Sort::default());
        assert_eq!(Sort::parse(Some(" ")).unwrap(), Sort::default());
        assert!(Sort::parse(Some("token")).is_err());
        assert!(Sort::parse(Some("--score")).is_err());
    }

    #[test]
    fn a_cursor_only_continues_its_own_order() {
        let by_score = Sort::parse(Some("-score")).unwrap();
        let key = SortedKey {
            sort: "-score".into(),
            value: serde_json::json!(71.5),
            id: 9,
        };
        let raw = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&key).unwrap());
        assert_eq!(by_score.decode_cursor(&raw).unwrap().id, 9);
        assert!(
            Sort::parse(Some("score"))
                .unwrap()
                .decode_cursor(&raw)
                .is_err()
        );
        assert!(by_score.decode_cursor("junk").is_err());
        // The default order keeps reading the plain list cursors.
        let plain = Key {
            created_at: Utc::now(),
            id: 4,
        }
        .encode();
        assert_eq!(Sort::default().decode_cursor(&plain).unwrap().id, 4);
    }
}
