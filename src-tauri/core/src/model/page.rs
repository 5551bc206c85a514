//! Paging of lists.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The largest page a list returns.
pub const MAX_PAGE_SIZE: u32 = 500;

/// One page of a list and the number of rows that match in all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// Rows matching the filter, over all pages.
    pub total: u32,
    /// 1-based page number.
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

impl SortOrder {
    /// The SQL keyword.
    pub fn sql(self) -> &'static str {
        match self {
            Self::Asc => "ASC",
            Self::Desc => "DESC",
        }
    }
}

/// Clamps a requested page and size to sane values and returns `(page, page_size, offset)`.
pub fn clamp_page(page: u32, page_size: u32) -> (u32, u32, u64) {
    let page = page.max(1);
    let size = page_size.clamp(1, MAX_PAGE_SIZE);
    (page, size, u64::from(page - 1) * u64::from(size))
}
