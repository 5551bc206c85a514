//! 统计与报表: reading the ledger back out — the report filter shared by every report, the statistics, the dashboard
//! (首页) and overview, the exports to Excel/CSV, and the settings they are printed with.

pub mod assessment;
pub mod dashboard;
pub mod export;
pub mod overview;
pub mod report_filter;
pub mod settings;
pub mod statistics;
