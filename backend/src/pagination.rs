//! Paging parameters (`limit` with `offset` or `cursor`) and the `{items, total, limit, offset, next_cursor}`
//! envelope every list answers with.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::domain::page::{self, Key, PageRequest, Start};
use crate::error::ApiError;

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;
/// The header a list answered as a bare array carries its total in.
pub const TOTAL_COUNT: &str = "x-total-count";

#[derive(Debug, Deserialize, IntoParams)]
pub struct PageParams {
    /// 1 to 100, default 20.
    pub limit: Option<u64>,
    /// Rows to skip, default 0.
    pub offset: Option<u64>,
    /// Continue after the last row of a page (its `next_cursor`); cheaper than an offset deep in a list.
    pub cursor: Option<String>,
}

impl PageParams {
    /// (limit, offset), checked.
    pub fn resolve(&self) -> Result<(u64, u64), ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        Ok((limit, self.offset.unwrap_or(0)))
    }

    /// The page asked for: a cursor wins over an offset.
    pub fn request(&self) -> Result<PageRequest, ApiError> {
        let (limit, offset) = self.resolve()?;
        let start = match self.cursor.as_deref().filter(|c| !c.is_empty()) {
            Some(cursor) => Start::After(Key::decode(cursor)?),
            None => Start::Offset(offset),
        };
        Ok(PageRequest { limit, start })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    pub fn answer(page: page::Page<T>, request: &PageRequest) -> Self {
        Self {
            items: page.items,
            total: page.total,
            limit: request.limit,
            offset: request.offset(),
            next_cursor: page.next_cursor,
        }
    }
}
