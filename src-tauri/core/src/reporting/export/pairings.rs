//! 派驻名单及三方协议签订情况: the pairings of a period (those whose dates overlap it), grouped by 批次 and 派出单位,
//! with the 三方协议 (已签/未签, its signing date) and the agreement's targets; a 合计 row counting them and summing
//! the targets, and under it the lines 已签/未签/签订率 for all of them and 签订率 per batch.
//!
//! Scope: the pairing's own batch (not the expert's), the expert's 派出单位, the enterprise's region, the pairing's
//! origin. One small sheet, in memory.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::Value::Text;
use rusqlite::{params_from_iter, Connection};

use super::sheet::{Book, SheetColumn, TableLayout};
use super::value::{CellKind, Value};
use super::{meta_line, write_atomically, xlsx_only};
use crate::error::{CoreError, Result};
use crate::model::{ExpertTitle, ExportReport, ExportRequest, ReportSettings};
use crate::reporting::report_filter::{self, Condition};
use crate::storage::db;

/// The sheet's name and the workbook's title.
pub(super) const TITLE: &str = "派驻名单及三方协议签订情况";
const SHEET: &str = "派驻名单";

/// Without a batch or a unit.
const NONE: &str = "（未填）";

/// One pairing as the sheet lists it.
struct Line {
    batch: Option<String>,
    organization: Option<String>,
    expert: String,
    title: Option<String>,
    enterprise: String,
    start: String,
    end: Option<String>,
    signed: bool,
    signed_on: Option<String>,
    days: Option<f64>,
    visits: Option<i64>,
    needs: Option<i64>,
    contract_fen: Option<i64>,
    other: Option<String>,
}

fn columns() -> Vec<SheetColumn> {
    vec![
        SheetColumn::new("序号", CellKind::Serial, 6),
        SheetColumn::new("批次", CellKind::Text, 20),
        SheetColumn::new("派出单位", CellKind::Text, 16),
        SheetColumn::new("专员", CellKind::Text, 8),
        SheetColumn::new("职称", CellKind::Text, 6),
        SheetColumn::new("服务企业", CellKind::Text, 20),
        SheetColumn::new("开始日期", CellKind::Date, 10),
        SheetColumn::new("结束日期", CellKind::Date, 10),
        SheetColumn::new("三方协议", CellKind::Text, 8),
        SheetColumn::new("签订日期", CellKind::Date, 10),
        SheetColumn::new("目标服务天数", CellKind::Number, 8),
        SheetColumn::new("目标走访次数", CellKind::Count, 8),
        SheetColumn::new("目标解决需求", CellKind::Count, 8),
        SheetColumn::new("目标合同金额（万元）", CellKind::Wan, 12),
        SheetColumn::new("其他目标", CellKind::Text, 14),
    ]
}

/// The pairings in scope, by batch, unit, expert, enterprise and start.
fn lines(conn: &Connection, request: &ExportRequest) -> Result<(Vec<Line>, String)> {
    let scope = report_filter::resolve(conn, &request.filter)?;
    let mut condition = Condition::new(
        "a.deleted_at IS NULL AND a.start_date <= ? AND COALESCE(a.end_date, '9999-12-31') >= ?",
        vec![Text(scope.period.to.clone()), Text(scope.period.from.clone())],
    )
    .and(scope.enterprise_in_region("en"))
    .and(scope.of_origins("assignments", "a.id"));
    if let Some(id) = &scope.organization_id {
        condition = condition.and(Condition::new("x.organization_id = ?", vec![Text(id.clone())]));
    }
    if let Some(id) = &scope.batch_id {
        condition = condition.and(Condition::new("a.batch_id = ?", vec![Text(id.clone())]));
    }
    let sql = format!(
        "SELECT b.name, o.name, x.name, x.title, en.name, a.start_date, a.end_date, a.agreement_signed,
                a.agreement_signed_on, a.target_service_days, a.target_visits, a.target_needs_solved,
                a.target_contract_fen, a.target_other
         FROM assignments a JOIN experts x ON x.id = a.expert_id JOIN enterprises en ON en.id = a.enterprise_id
         LEFT JOIN batches b ON b.id = a.batch_id LEFT JOIN organizations o ON o.id = x.organization_id
         WHERE {}
         ORDER BY b.name IS NULL, b.name, o.name IS NULL, o.name, x.name, en.name, a.start_date, a.id",
        condition.sql()
    );
    let mut stmt = conn.prepare(&sql)?;
    let lines = db::read_rows(&mut stmt, params_from_iter(condition.params()), |r| {
        Ok(Line {
            batch: r.get(0)?,
            organization: r.get(1)?,
            expert: r.get(2)?,
            title: r.get::<_, Option<String>>(3)?,
            enterprise: r.get(4)?,
            start: r.get(5)?,
            end: r.get(6)?,
            signed: r.get(7)?,
            signed_on: r.get(8)?,
            days: r.get(9)?,
            visits: r.get(10)?,
            needs: r.get(11)?,
            contract_fen: r.get(12)?,
            other: r.get(13)?,
        })
    })?;
    let label = scope.scope_label();
    let heading = if label.is_empty() { scope.period.label } else { format!("{}，{label}", scope.period.label) };
    Ok((lines, heading))
}

/// `已签数/总数（百分比）`, one decimal; `—` for none.
pub(crate) fn signing_rate(signed: usize, total: usize) -> String {
    if total == 0 {
        "—".to_owned()
    } else {
        format!("{signed}/{total}（{:.1}%）", signed as f64 * 100.0 / total as f64)
    }
}

fn optional<'a, T>(value: Option<T>, cell: impl Fn(T) -> Value<'a>) -> Value<'a> {
    value.map_or(Value::Blank, cell)
}

/// Writes the workbook of `request` (xlsx only) to `out`.
pub(super) fn export(
    conn: &Connection,
    request: &ExportRequest,
    settings: &ReportSettings,
    today: NaiveDate,
    out: &Path,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<ExportReport> {
    xlsx_only(request, "派驻名单", "pairings list")?;
    let (lines, heading) = lines(conn, request)?;
    let total = lines.len() as u64;
    if !progress(0, total) {
        return Err(CoreError::Cancelled);
    }
    let signed = lines.iter().filter(|l| l.signed).count();
    let mut batches: Vec<(String, usize, usize)> = Vec::new();
    for l in &lines {
        let name = l.batch.clone().unwrap_or_else(|| NONE.to_owned());
        match batches.last_mut() {
            Some((last, n, s)) if *last == name => {
                *n += 1;
                *s += usize::from(l.signed);
            }
            _ => batches.push((name, 1, usize::from(l.signed))),
        }
    }
    let (rows, sheets) = write_atomically(out, |partial| {
        let mut book = Book::in_memory(meta_line("", settings, today));
        book.set_paper(request.paper.unwrap_or_default());
        let title = format!("{TITLE}（{heading}）");
        let mut table = book.table_with(SHEET, &title, columns(), TableLayout::LEDGER)?;
        for (n, l) in (1..).zip(&lines) {
            let title = l.title.as_deref().map(|t| ExpertTitle::from_code(t).map_or(t, |t| t.label_zh()));
            table.write_row(&[
                Value::Count(n),
                l.batch.as_deref().unwrap_or(NONE).into(),
                l.organization.as_deref().unwrap_or(NONE).into(),
                l.expert.as_str().into(),
                title.map_or(Value::Blank, Value::from),
                l.enterprise.as_str().into(),
                Value::Date(&l.start),
                optional(l.end.as_deref(), Value::Date),
                if l.signed { "已签" } else { "未签" }.into(),
                optional(l.signed_on.as_deref(), Value::Date),
                optional(l.days, Value::Number),
                optional(l.visits, Value::Count),
                optional(l.needs, Value::Count),
                optional(l.contract_fen, Value::Wan),
                optional(l.other.as_deref(), Value::from),
            ])?;
        }
        let rates: Vec<(String, String)> =
            batches.iter().map(|(name, n, s)| (format!("{name} 签订率"), signing_rate(*s, *n))).collect();
        let mut figures: Vec<(&str, Value<'_>)> = vec![
            ("已签三方协议", Value::Count(signed as i64)),
            ("未签三方协议", Value::Count((lines.len() - signed) as i64)),
            ("签订率", Value::Text(signing_rate(signed, lines.len()).into())),
        ];
        figures.extend(rates.iter().map(|(label, rate)| (label.as_str(), Value::from(rate.as_str()))));
        let rows = table.finish_with_figures(&figures)?;
        let sheets = book.sheets();
        book.save(partial)?;
        Ok((rows, sheets))
    })?;
    progress(total, total);
    Ok(ExportReport { path: out.display().to_string(), rows, sheets })
}
