//! Exports (导出): the ledgers as Excel workbooks laid out for superiors, or as CSV, and the summary workbook, for a
//! period and scope.
//!
//! [`export`] checks the request (period, unit, batch, columns), counts the rows (the progress total), streams them
//! from one SQLite statement into a constant-memory sheet or a CSV file named `.<name>.partial-<id>` in the target
//! folder, and renames that onto `out` only when everything is written and synced: an error or a cancel removes the
//! partial file and leaves whatever was at `out` untouched. The summary workbook takes the same path with the
//! statistics engine's figures instead of rows.
//!
//! Files: `value` (a cell's value and width), `sheet` (the Excel toolkit of every workbook), `csv`, `ledgers` (the
//! five ledgers' columns and queries), `pipeline` (a ledger's rows read on one thread and written on another),
//! `summary` (月度/季度/年度工作台账), `pairings` (派驻名单及三方协议签订情况), `print` (paper, fit to width, the scale
//! every table prints at: never below 8 pt).
//!
//! A ledger that holds records of more than one origin (it merged exchange packages) gets a last column 来源 in
//! every ledger export, and a sheet 各来源汇总 in the summary workbook.

mod assessment;
mod csv;
pub mod forms;
mod ledgers;
mod pairings;
mod pipeline;
pub mod print;
pub mod sheet;
mod summary;
pub mod value;

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use serde::Serialize;

use self::csv::CsvWriter;
use self::ledgers::{Column, LedgerQuery, LedgerSpec, Select};
use self::pipeline::{Batches, RowSink};
use self::sheet::{Book, SheetColumn, Table, EXCEL_MAX_ROWS};
use self::value::Value;
use crate::error::{CoreError, FieldError, Result};
use crate::exchange::provenance;
use crate::model::{
    AssessmentExportKind, AssessmentExportRequest, Entity, ExportColumn, ExportFormat, ExportKind, ExportReport,
    ExportRequest, ReportFilter, ReportSettings,
};
use crate::reporting::report_filter;
use crate::storage::audit::{self, AuditAction};
use crate::storage::fs_atomic;
use crate::storage::ids::new_id;
use crate::{reporting::settings, Ledger};

/// Rows between two calls of the progress callback.
pub const PROGRESS_EVERY: u64 = 1_000;

/// Knobs of an export that only tests change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// Rows of one sheet, heading and totals included ([`EXCEL_MAX_ROWS`]); past it the data continues on a
    /// second sheet.
    pub sheet_row_limit: u32,
    /// Ledgers of at most this many rows get rows as tall as their wrapped text ([`print::SMALL_LEDGER_ROWS`]).
    pub small_ledger_rows: u64,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self { sheet_row_limit: EXCEL_MAX_ROWS, small_ledger_rows: print::SMALL_LEDGER_ROWS }
    }
}

/// The columns a ledger can export, in their default order (none for the summary workbook).
pub fn export_columns(kind: ExportKind) -> Vec<ExportColumn> {
    ledgers::ledger(kind)
        .map(|spec| {
            spec.columns
                .iter()
                .map(|c| ExportColumn {
                    key: c.key.to_owned(),
                    label: c.zh.to_owned(),
                    label_en: c.en.to_owned(),
                    print: spec.print.contains(&c.key),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The keys of a ledger's 打印列 (see [`ExportColumn::print`]), in their order; none for the other workbooks.
pub fn print_columns(kind: ExportKind) -> Vec<String> {
    export_columns(kind).into_iter().filter(|c| c.print).map(|c| c.key).collect()
}

/// Writes the export `request` asks for to `out`, with `settings`' 填报单位 and 填报人 and `today` as 填报日期.
/// `progress(done, total)` is called every [`PROGRESS_EVERY`] rows (for the summary workbook: after each sheet, out
/// of its sheets); returning `false` cancels ([`CoreError::Cancelled`]). Nothing is left at `out` or beside it unless
/// the whole file was written.
pub fn export(
    conn: &Connection,
    request: &ExportRequest,
    settings: &ReportSettings,
    today: NaiveDate,
    out: &Path,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<ExportReport> {
    export_with(conn, request, settings, today, out, &ExportOptions::default(), progress)
}

/// [`export`] with explicit [`ExportOptions`].
pub fn export_with(
    conn: &Connection,
    request: &ExportRequest,
    settings: &ReportSettings,
    today: NaiveDate,
    out: &Path,
    options: &ExportOptions,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<ExportReport> {
    if let Some(kind) = assessment_kind(request.kind) {
        if request.format != ExportFormat::Xlsx {
            return Err(CoreError::field(
                "format",
                "年度考核只能导出为 Excel 工作簿（.xlsx）",
                "The assessment can only be exported as an Excel workbook (.xlsx)",
            ));
        }
        let request = AssessmentExportRequest { kind, period: request.filter.period.clone(), expert_ids: None };
        return assessment::export(conn, &request, settings, today, out, progress);
    }
    if request.kind == ExportKind::Pairings {
        return pairings::export(conn, request, settings, today, out, progress);
    }
    let Some(spec) = ledgers::ledger(request.kind) else {
        return summary::export(conn, request, settings, today, out, progress);
    };
    let scope = report_filter::resolve(conn, &request.filter)?;
    let mut columns = chosen_columns(&spec, request.columns.as_deref())?;
    if provenance::has_merged_origins(conn)? {
        columns.push(spec.origin_column());
    }
    let query = spec.query(&columns, &scope);
    let total: i64 = conn.prepare(&query.count_sql)?.query_row(params_from_iter(&query.count_params), |r| r.get(0))?;
    let total = total.unsigned_abs();
    if !progress(0, total) {
        return Err(CoreError::Cancelled);
    }
    let job = Job { conn, query: &query, columns: &columns, full_id: request.include_full_id, total };
    let (rows, sheets) = write_atomically(out, |partial| match request.format {
        ExportFormat::Xlsx => {
            let folder = folder_of(out);
            let meta = meta_line(&scope.scope_label(), settings, today);
            let mut book = Book::new(meta, &folder, options.sheet_row_limit)?;
            book.set_paper(request.paper.unwrap_or_default());
            if total <= options.small_ledger_rows {
                book.fit_row_heights();
            }
            let title = format!("{}（{}）", spec.title, scope.period.label);
            let sheet_columns = columns.iter().map(|c| SheetColumn::new(c.zh, c.decode.cell_kind(), c.width)).collect();
            let mut table = book.table(spec.title, &title, sheet_columns)?;
            job.stream(&mut table, progress)?;
            let rows = table.finish()?;
            let sheets = book.sheets();
            book.save(partial)?;
            Ok((rows, sheets))
        }
        ExportFormat::Csv => {
            let headers: Vec<&str> = columns.iter().map(|c| c.zh).collect();
            let mut csv = CsvWriter::new(BufWriter::new(File::create(partial)?), &headers)?;
            let rows = job.stream(&mut csv, progress)?;
            csv.finish()?;
            Ok((rows, 1))
        }
    })?;
    progress(rows, total);
    Ok(ExportReport { path: out.display().to_string(), rows, sheets })
}

/// The assessment workbook an export kind is, if it is one.
fn assessment_kind(kind: ExportKind) -> Option<AssessmentExportKind> {
    match kind {
        ExportKind::Assessment => Some(AssessmentExportKind::Summary),
        ExportKind::AssessmentSheets => Some(AssessmentExportKind::Sheets),
        _ => None,
    }
}

/// The columns `keys` names, in that order (all of them for `None`); unknown or repeated keys, or none at all, are
/// a validation error on `columns`.
fn chosen_columns(spec: &LedgerSpec, keys: Option<&[String]>) -> Result<Vec<Column>> {
    let Some(keys) = keys else { return Ok(spec.columns.clone()) };
    let mut chosen: Vec<Column> = Vec::with_capacity(keys.len());
    let mut errors = Vec::new();
    for key in keys {
        match spec.columns.iter().find(|c| c.key == key.trim()) {
            None => errors.push(FieldError::new(
                "columns",
                format!("{}没有“{key}”这一列", spec.title),
                format!("The {} has no column '{key}'", spec.title),
            )),
            Some(c) if chosen.iter().any(|k| k.key == c.key) => errors.push(FieldError::new(
                "columns",
                format!("“{key}”列重复", key = c.zh),
                format!("The column '{key}' is chosen twice", key = c.key),
            )),
            Some(c) => chosen.push(*c),
        }
    }
    if chosen.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("columns", "请至少选择一列", "Choose at least one column"));
    }
    if errors.is_empty() {
        Ok(chosen)
    } else {
        Err(CoreError::Validation(errors))
    }
}

/// Refuses any format but xlsx for a workbook (`what`, in Chinese and English) that has no CSV form.
fn xlsx_only(request: &ExportRequest, what_zh: &str, what_en: &str) -> Result<()> {
    if request.format == ExportFormat::Xlsx {
        return Ok(());
    }
    Err(CoreError::field(
        "format",
        format!("{what_zh}只能导出为 Excel 工作簿（.xlsx）"),
        format!("The {what_en} can only be exported as an Excel workbook (.xlsx)"),
    ))
}

/// The line under the title: 统计范围 (the scope's label, when not empty), 填报单位, 填报人, 填报日期.
fn meta_line(range: &str, settings: &ReportSettings, today: NaiveDate) -> String {
    let mut parts = Vec::new();
    if !range.is_empty() {
        parts.push(format!("统计范围：{range}"));
    }
    parts.push(format!("填报单位：{}", settings.reporting_unit));
    parts.push(format!("填报人：{}", settings.reporter));
    parts.push(format!("填报日期：{}", today.format("%Y-%m-%d")));
    parts.join("　　")
}

/// Where the rows of one export come from.
struct Job<'a> {
    conn: &'a Connection,
    query: &'a LedgerQuery,
    columns: &'a [Column],
    full_id: bool,
    total: u64,
}

impl RowSink for Table<'_> {
    fn write_row(&mut self, values: &[Value<'_>]) -> Result<()> {
        Table::write_row(self, values)
    }
}

impl<W: std::io::Write + Send> RowSink for CsvWriter<W> {
    fn write_row(&mut self, values: &[Value<'_>]) -> Result<()> {
        CsvWriter::write_row(self, values)
    }
}

/// The values found for the ids of one [`Select::Lookup`] column, each id read once.
struct Found<'c> {
    stmt: rusqlite::Statement<'c>,
    values: HashMap<Vec<u8>, Option<String>>,
}

impl Found<'_> {
    /// The value found for the id, looked up unless it was already.
    fn get(&mut self, id: &[u8]) -> Result<Option<&str>> {
        if !self.values.contains_key(id) {
            let text = std::str::from_utf8(id).map_err(|_| CoreError::CorruptValue("export lookup id".into()))?;
            let value: Option<String> = self.stmt.query_row([text], |r| r.get(0)).optional()?.flatten();
            self.values.insert(id.to_vec(), value);
        }
        Ok(self.values.get(id).and_then(|v| v.as_deref()))
    }
}

impl Job<'_> {
    /// Streams the rows of the query into `sink`, read on this thread while a thread of its own writes them
    /// ([`pipeline`]); returns how many. `progress` counts the rows read.
    fn stream(&self, sink: &mut dyn RowSink, progress: &mut dyn FnMut(u64, u64) -> bool) -> Result<u64> {
        pipeline::pipelined(sink, self.columns.len(), |batches| self.read(batches, progress))
    }

    /// Steps the statement and decodes each row into `batches`.
    fn read(&self, batches: &mut Batches, progress: &mut dyn FnMut(u64, u64) -> bool) -> Result<u64> {
        let mut found: Vec<Option<Found<'_>>> = self
            .columns
            .iter()
            .map(|c| match c.select {
                Select::Lookup { sql, .. } => Ok(Some(Found { stmt: self.conn.prepare(sql)?, values: HashMap::new() })),
                _ => Ok(None),
            })
            .collect::<Result<_>>()?;
        let mut stmt = self.conn.prepare(&self.query.sql)?;
        let mut rows = stmt.query(params_from_iter(&self.query.params))?;
        let mut done = 0u64;
        while let Some(row) = rows.next()? {
            let batch = batches.current();
            for (i, (c, lookup)) in self.columns.iter().zip(found.iter_mut()).enumerate() {
                let stored = row.get_ref(i)?;
                let value = match (lookup, stored) {
                    (Some(lookup), ValueRef::Text(id)) => match lookup.get(id)? {
                        Some(text) => Value::Text(text.into()),
                        None => Value::Blank,
                    },
                    (Some(_), _) => Value::Blank,
                    (None, stored) => c.decode.row_value(done + 1, stored, self.full_id, c.key)?,
                };
                batch.push(&value);
            }
            done += 1;
            if !batches.row_done() {
                break;
            }
            if done.is_multiple_of(PROGRESS_EVERY) && !progress(done, self.total.max(done)) {
                return Err(CoreError::Cancelled);
            }
        }
        Ok(done)
    }
}

/// The folder `out` is in (the current folder for a bare file name).
fn folder_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Runs `write` on a partial file beside `out` ([`fs_atomic::write_atomically`]: `.<name>.partial-<id>`, synced,
/// renamed onto `out`, the folder synced); on any error the partial file is removed and `out` is left as it was.
fn write_atomically<T>(out: &Path, write: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    if out.file_name().is_none() {
        return Err(CoreError::field("out", "请给出要保存的文件名", "Give the name of the file to write"));
    }
    fs_atomic::write_atomically(out, |partial| catch_writer_panic(|| write(partial)))
}

/// Runs `write`, turning a panic into an I/O error. rust_xlsxwriter writes a constant-memory sheet's rows to a
/// temporary file and panics when that write fails (`Couldn't write to xml file: Os { code: 28, .. }` on a full
/// disk) instead of returning the error: caught here, the export fails like any other failed write (the partial
/// file removed, the app still running) with the operating system's error when the message names one. Release
/// builds unwind on panic (Cargo.toml), so this holds there too.
fn catch_writer_panic<T>(write: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(write)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("the Excel writer stopped");
        Err(CoreError::Io(
            os_error_named_in(message).unwrap_or_else(|| std::io::Error::other(format!("Excel: {message}"))),
        ))
    })
}

/// The OS error a panic message shows as `Os { code: N, .. }` (the Debug form of an `io::Error`), if any.
fn os_error_named_in(message: &str) -> Option<std::io::Error> {
    let rest = &message[message.find("Os { code: ")? + "Os { code: ".len()..];
    let digits = &rest[..rest.find(|c: char| !c.is_ascii_digit())?];
    Some(std::io::Error::from_raw_os_error(digits.parse().ok()?))
}

/// Whether `request` writes resident ID numbers in full: it asks for them and exports a ledger column that holds them.
pub fn writes_full_ids(request: &ExportRequest) -> bool {
    request.include_full_id
        && ledgers::ledger(request.kind)
            .and_then(|spec| chosen_columns(&spec, request.columns.as_deref()).ok())
            .is_some_and(|columns| columns.iter().any(|c| matches!(c.decode, ledgers::Decode::IdCard)))
}

/// The audit entry of an export with full ID numbers: what, for which period and scope, how many rows, which file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct FullIdExport<'a> {
    kind: ExportKind,
    kind_label: &'static str,
    format: ExportFormat,
    filter: &'a ReportFilter,
    rows: u64,
    file_name: String,
    full_id_numbers: bool,
}

impl Ledger {
    /// Writes an export to `out` (see [`export`]) from one consistent read on a connection of its own, so the list
    /// pages stay responsive meanwhile; 填报单位 and 填报人 come from the settings, 填报日期 is today. An export that
    /// wrote full ID numbers ([`writes_full_ids`]) is audited (`create` of an `export`, naming the kind, the period,
    /// the rows and the file name); if that entry cannot be written, the file is removed and the error returned, so no
    /// such file exists without its entry.
    pub fn export(
        &self,
        request: &ExportRequest,
        out: &Path,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<ExportReport> {
        let today = self.today();
        let report = self.db.read_apart(|c| {
            let settings = settings::report_settings(c)?;
            export(c, request, &settings, today, out, progress)
        })?;
        if writes_full_ids(request) {
            let entry = FullIdExport {
                kind: request.kind,
                kind_label: ledgers::ledger(request.kind).map_or("", |spec| spec.title),
                format: request.format,
                filter: &request.filter,
                rows: report.rows,
                file_name: out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                full_id_numbers: true,
            };
            let audited = self.db.write(|tx| {
                audit::record::<(), _>(
                    tx,
                    &self.actor,
                    AuditAction::Create,
                    Entity::Export,
                    &new_id(),
                    None,
                    Some(&entry),
                )
            });
            if let Err(e) = audited {
                let _ = std::fs::remove_file(out);
                return Err(e);
            }
        }
        Ok(report)
    }

    /// Writes an assessment workbook (年度考核汇总表 or 考核表) of the period the request names to `out`, from one
    /// consistent read on a connection of its own; `progress` as for [`Ledger::export`].
    pub fn export_assessment(
        &self,
        request: &AssessmentExportRequest,
        out: &Path,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<ExportReport> {
        let today = self.today();
        self.db.read_apart(|c| {
            let settings = settings::report_settings(c)?;
            assessment::export(c, request, &settings, today, out, progress)
        })
    }
}
