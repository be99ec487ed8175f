//! Which page of a list to read: skip `offset` rows (what the reference client sends), or continue after the
//! last row of the previous page (a cursor: constant cost however deep the page). Lists are ordered newest first
//! by (creation time, id), so a row's cursor is that pair, opaque to clients.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::{Deserialize, Serialize};

use super::Error;

/// A row's place in a newest-first list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    #[serde(rename = "t")]
    pub created_at: DateTime<Utc>,
    pub id: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    Offset(u64),
    /// The rows after this one.
    After(Key),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u64,
    pub start: Start,
}

impl PageRequest {
    pub fn offset(&self) -> u64 {
        match self.start {
            Start::Offset(offset) => offset,
            Start::After(_) => 0,
        }
    }
}

impl Key {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    pub fn decode(cursor: &str) -> Result<Key, Error> {
        URL_SAFE_NO_PAD
            .decode(cursor.trim())
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or_else(|| Error::invalid("cursor", "is not a cursor this list gave out"))
    }
}

/// One page of rows, and the cursor of the next page when there is one.
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// From up to `limit + 1` rows read in order: the extra row, if any, only says that another page exists.
    pub fn from_rows(mut rows: Vec<T>, limit: u64, total: u64, key: impl Fn(&T) -> Key) -> Self {
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if more {
            rows.last().map(|row| key(row).encode())
        } else {
            None
        };
        Self {
            items: rows,
            total,
            next_cursor,
        }
    }
}

/// `select` ordered newest first by (`created_at`, `id`), from the page's start, with one row more than asked so
/// the caller knows whether another page follows (see `Page::from_rows`).
pub fn newest_first<E: EntityTrait>(
    select: Select<E>,
    created_at: E::Column,
    id: E::Column,
    page: &PageRequest,
) -> Select<E> {
    let select = match page.start {
        Start::Offset(offset) => select.offset(offset),
        // A row-value comparison, not `created_at < t OR (created_at = t AND id < i)`: PostgreSQL turns the pair
        // into a range of the (organization, created_at, id) index and starts reading at the cursor, where the OR
        // form walks the index from the newest row and filters, which grows with the depth of the page.
        Start::After(key) => select.filter(
            Expr::tuple([
                Expr::col(created_at.as_column_ref()),
                Expr::col(id.as_column_ref()),
            ])
            .lt(Expr::tuple([key.created_at.into(), key.id.into()])),
        ),
    };
    select
        .order_by_desc(created_at)
        .order_by_desc(id)
        .limit(page.limit + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let key = Key {
            created_at: "2026-12-04T10:00:00.123456Z".parse().unwrap(),
            id: 42,
        };
        assert_eq!(Key::decode(&key.encode()).unwrap(), key);
        assert!(Key::decode("not a cursor").is_err());
        assert!(Key::decode(&URL_SAFE_NO_PAD.encode(b"{\"id\": 1}")).is_err());
    }

    #[test]
    fn a_next_cursor_only_when_another_page_exists() {
        let key = |n: &i32| Key {
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            id: *n,
        };
        let page = Page::from_rows(vec![5, 4, 3], 2, 10, key);
        assert_eq!(page.items, [5, 4]);
        assert_eq!(
            Key::decode(page.next_cursor.as_deref().unwrap())
                .unwrap()
                .id,
            4
        );
        assert!(Page::from_rows(vec![5, 4], 2, 2, key).next_cursor.is_none());
    }
}
