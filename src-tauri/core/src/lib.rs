//! The core of 科技专员服务台账 (S&T Commissioner Service Ledger): domain types, validation, storage, sample data
//! and the integrity check. It never depends on tauri; the desktop shell and `ledger-cli` are thin layers over it.

pub mod assignments;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod dashboard;
pub mod db;
pub mod enterprises;
pub mod error;
pub mod experts;
pub mod export;
pub mod ids;
pub mod import;
pub mod integrity;
pub mod ledger;
pub mod matching;
pub mod migrations;
pub mod model;
pub mod money;
pub mod need_stages;
pub mod needs;
pub mod normalize;
pub mod organizations;
pub mod overview;
pub mod paths;
pub mod recycle_bin;
pub mod report_filter;
pub mod sample;
pub mod search;
pub mod service_records;
pub mod settings;
pub mod statistics;
pub mod validate;
pub mod visits;

pub use error::{CoreError, ErrorCode, ErrorPayload, FieldError, Result};
pub use ledger::{AppInfo, Ledger};
