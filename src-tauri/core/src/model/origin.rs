//! 来源: the ledgers whose records this ledger holds — itself (what its coordinator typed) and every ledger whose
//! exchange packages it merged — as the lists' 来源 filter and column and the 统计导出 scope show them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One origin of the records of this ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OriginSummary {
    /// The ledger's id (this ledger's own for `own`).
    pub id: String,
    /// The name shown as 来源: its 填报单位 (this ledger's own, or 本台账 when 设置 has none).
    pub name: String,
    /// Its 填报人.
    pub reporter: String,
    /// This ledger itself: the records its coordinator typed.
    pub own: bool,
    /// Experts, enterprises, visits, needs and service records of this origin here (those in the recycle bin too).
    pub records: u32,
    /// When a package of it was last merged (UTC, RFC 3339); `None` for the ledger itself.
    pub last_merged_at: Option<String>,
}
