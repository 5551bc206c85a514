//! 导入: bringing in the spreadsheets coordinators already keep. `source` reads a file into a grid of cells (CSV
//! decoding in `csv_text`, the .xls container checked by `ole` before calamine reads it),
//! `columns` finds the header row and maps columns to fields, `values` turns cells into clean values; `plan` judges
//! every row (with the per-kind rules of `experts`, `enterprises`, `records`, `needs` and `events`) into the preview, `correct`
//! judges it again after a cell is corrected there, `write` commits it all-or-nothing and takes it back, `rejects`
//! saves the rows that could not come in; `template` writes the blank template of each kind from the same field list.

pub(crate) mod bulk_index;
pub mod cell;
pub mod columns;
mod correct;
mod csv_text;
mod enterprises;
mod events;
mod experts;
mod needs;
mod ole;
mod plan;
mod records;
mod rejects;
mod row;
pub mod source;
pub mod template;
pub mod values;
pub(crate) mod write;

use std::sync::atomic::AtomicBool;

pub use plan::ImportPlan;

use crate::error::Result;
use crate::model::{CellCorrection, ImportCorrection, ImportRecord, ImportReport, ImportRequest};
use crate::Ledger;

impl Ledger {
    /// Reads a file and judges every row against the database: the preview, kept by the caller until the person
    /// commits or leaves.
    pub fn import_preview(&self, request: &ImportRequest) -> Result<ImportPlan> {
        let today = self.today();
        ImportPlan::build(&self.db, request, today)
    }

    /// Corrects one cell of a preview's row and judges the rows again (the same rules and duplicate checks as the
    /// preview, against the database as it is now): the corrected plan, which takes the place of `plan` (left as it
    /// was), and what changed. The file is never touched.
    pub fn import_correct(&self, plan: &ImportPlan, fix: &CellCorrection) -> Result<(ImportPlan, ImportCorrection)> {
        plan.corrected(&self.db, fix)
    }

    /// What committing the plan would write, without writing (`ledger-cli import --dry-run`).
    pub fn import_dry_run(&self, plan: &ImportPlan) -> ImportReport {
        write::report(&plan.judged, None, false)
    }

    /// Writes the plan in one transaction — the rows judged again against the database as it is now, unless nothing
    /// was written since the preview judged them: all or nothing
    /// (a cancel or any failure writes nothing). With 遇错停止 and rows in error nothing is written and the report
    /// says why. `progress` hears (rows written, rows to write).
    pub fn import_commit(
        &self,
        plan: &ImportPlan,
        progress: &mut dyn FnMut(u32, u32),
        cancel: &AtomicBool,
    ) -> Result<ImportReport> {
        self.backup_before(crate::model::BackupReason::Import)?;
        self.db.write(|tx| {
            let unchanged = self.db.commits() == plan.judged_at;
            write::commit(tx, &self.actor, plan, unchanged, progress, cancel)
        })
    }

    /// The imports, newest first.
    pub fn list_imports(&self) -> Result<Vec<ImportRecord>> {
        self.db.read(write::list)
    }

    /// Takes an import back as a whole while its records are unchanged since.
    /// A refused undo (undone already, records changed since) writes nothing; otherwise the database is backed up
    /// first (撤销导入前备份, reason `undo`; skipped with a notice only when space is short, like the backup before
    /// an import), and every record the undo removes gets its own audit entry.
    pub fn undo_import(&self, id: &str) -> Result<ImportRecord> {
        self.db.read(|c| write::undoable(c, id).map(|_| ()))?;
        self.backup_before(crate::model::BackupReason::Undo)?;
        let today = self.today();
        self.db.write(|tx| write::undo(tx, &self.actor, id, today))
    }
}
