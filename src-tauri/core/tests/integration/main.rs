//! The integration tests of ledger-core, linked as one test binary (`cargo test -p ledger-core --test integration`):
//! one module per area, `common` shared once. One binary instead of one per file saves a link step and its disk for
//! each module; pick a module with a filter, e.g. `cargo test -p ledger-core --test integration faults::`.
//! Fixtures are read from `tests/fixtures/` (by `CARGO_MANIFEST_DIR`); proptest keeps its regressions beside the
//! module that found them (`validators_never_panic.proptest-regressions`).

mod common;

mod assessment;
mod assignments;
mod attachments;
mod backup;
mod clock;
mod dashboard;
mod enterprises;
mod evaluation;
mod events;
mod evidence;
mod exchange_merge;
mod exchange_origins;
mod exchange_package;
mod experts;
mod export;
mod faults;
mod follow_ups;
mod forms;
mod import;
mod import_correct;
mod import_events;
mod import_needs;
mod import_source;
mod import_templates;
mod matching;
mod need_stages;
mod needs;
mod organizations;
mod orphans;
mod overview;
mod pairings;
mod platform;
mod print;
mod privacy;
mod recycle_bin;
mod review;
mod sample;
mod sealed_attachments;
mod search;
mod security;
mod service_records;
mod startup;
mod statistics;
mod storage;
mod summary;
mod text_limits;
mod ts_bindings;
mod user_paths;
mod validators_never_panic;
mod visits;
