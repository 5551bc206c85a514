//! The core of 科技专员服务台账 (S&T Commissioner Service Ledger): domain types, validation, storage, sample data
//! and the integrity check. It never depends on tauri; the desktop shell and `ledger-cli` are thin layers over it.

pub mod clock;
pub mod data_folder;
pub mod enterprise_list;
pub mod error;
pub mod fieldwork;
pub mod fs_atomic;
pub mod import;
pub mod ledger;
pub mod model;
pub mod money;
pub mod normalize;
pub mod record;
pub mod registry;
pub mod relocate;
pub mod reporting;
pub mod restore;
pub mod sample;
pub mod service_record_list;
pub mod storage;
pub mod validate;

// TEMPORARY (issue 11 merge): old paths. The modules moved into folders; these re-exports keep every `crate::db`,
// `ledger_core::db`, … path compiling until /work/notes/rewrite-paths.sh rewrites them, then they go.
pub use data_folder::{attachments, backup, paths};
pub use fieldwork::needs::{self, matching, stages as need_stages};
pub use fieldwork::{recycle_bin, service_records, visits};
pub use registry::{assignments, enterprises, experts, organizations};
pub use reporting::{dashboard, export, overview, report_filter, settings, statistics};
pub use storage::{audit, db, ids, integrity, migrations, search};

pub use error::{CoreError, ErrorCode, ErrorPayload, FieldError, Result};
pub use ledger::{AppInfo, Ledger};
