//! The core of 科技专员服务台账 (S&T Commissioner Service Ledger): domain types, validation, storage, sample data
//! and the integrity check. It never depends on tauri; the desktop shell and `ledger-cli` are thin layers over it.

pub mod clock;
pub mod data_folder;
pub mod error;
pub mod exchange;
pub mod fieldwork;
pub mod import;
pub mod ledger;
pub mod model;
pub mod money;
pub mod normalize;
pub mod registry;
pub mod reporting;
pub mod sample;
pub mod storage;
pub mod validate;

pub use error::{CoreError, ErrorCode, ErrorPayload, FieldError, Result};
pub use ledger::{AppInfo, Ledger};
