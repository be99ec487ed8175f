//! `limit`/`offset` paging and the `{items, total, limit, offset}` envelope every list answers with.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
}
