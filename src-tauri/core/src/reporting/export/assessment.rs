//! The 年度考核 workbooks, from the period's sheet read in the export's own transaction:
//!
//! - **年度考核汇总表**: the sheet 考核汇总 — one row per expert (序号, 科技专员, 派出单位, each item's figure and
//!   points, 加减分, 总分, 考核等次, 状态), a 合计 row over the figures, and under it the number of experts and the
//!   share of each grade (分布) —, and the sheet 考核办法 stating the period's scheme in words.
//! - **考核表**: one A4 portrait page per expert (the expert, unit, period, each item's rule, figure, points and cap,
//!   the adjustments with their reasons, total, grade, 自评, 派出单位意见, and the boxes 专员签字 / 派出单位盖章 /
//!   考核单位盖章 with 日期).
//!
//! An expert already graded (定档) is written with the stored result (its figures and points as they were then,
//! 状态 已定档); the others with the result computed now (未定档).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet};

use super::sheet::{xlsx, Book, SheetColumn, TableLayout, Totals};
use super::value::{display_width, CellKind, Value};
use super::{meta_line, write_atomically};
use crate::error::{CoreError, Result};
use crate::model::{
    AssessmentAdjustment, AssessmentExportKind, AssessmentExportRequest, AssessmentPeriod, AssessmentSource,
    ExpertScore, ExportReport, Grade, ItemScore, ReportSettings,
};
use crate::reporting::assessment::periods::{self, Notes};
use crate::reporting::assessment::resolve_period;
use crate::reporting::assessment::scheme::{describe, rule_text};
use crate::reporting::assessment::scoring::{self, plain_number};

/// The sheet names of the summary.
const SUMMARY: &str = "考核汇总";
const SCHEME: &str = "考核办法";

/// Writes the workbook `request` asks for to `out` (see [`super::export`]): the period resolved and scored first (a
/// bad period is a validation error before any file is made), then the sheets, with `progress(done, total)`.
pub(super) fn export(
    conn: &Connection,
    request: &AssessmentExportRequest,
    settings: &ReportSettings,
    today: NaiveDate,
    out: &Path,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<ExportReport> {
    let period = resolve_period(conn, &request.period)?;
    let sheet = scoring::sheet(conn, &period)?;
    let rows: Vec<Shown<'_>> = chosen(&sheet.rows, request.expert_ids.as_deref())?.into_iter().map(Shown::of).collect();
    let total = match request.kind {
        AssessmentExportKind::Summary => 2,
        AssessmentExportKind::Sheets => rows.len() as u64,
    };
    if !progress(0, total) {
        return Err(CoreError::Cancelled);
    }
    let meta = meta_line("", settings, today);
    let (written, sheets) = write_atomically(out, |partial| {
        let mut book = Book::in_memory(meta.clone());
        let written = match request.kind {
            AssessmentExportKind::Summary => {
                let n = summary(&mut book, &period, settings, &rows)?;
                if !progress(1, total) {
                    return Err(CoreError::Cancelled);
                }
                n + scheme_sheet(&mut book, &period)?
            }
            AssessmentExportKind::Sheets => {
                let adjustments = adjustments_by_expert(conn, &period)?;
                let notes = periods::notes_by_expert(conn, &period.id)?;
                let forms = FormFormats::new();
                let mut names = HashSet::new();
                for (done, row) in (1..).zip(&rows) {
                    let name = sheet_name(&row.score.expert_name, &mut names);
                    let context = FormContext {
                        period: &period,
                        settings,
                        meta: &meta,
                        adjustments: adjustments.get(&row.score.expert_id).map_or(&[], Vec::as_slice),
                        notes: notes.get(&row.score.expert_id),
                    };
                    book.push_sheet(form(&forms, row, &context)?, &name)?;
                    if !progress(done, total) {
                        return Err(CoreError::Cancelled);
                    }
                }
                rows.len() as u64
            }
        };
        let sheets = book.sheets();
        book.save(partial)?;
        Ok((written, sheets))
    })?;
    progress(total, total);
    Ok(ExportReport { path: out.display().to_string(), rows: written, sheets })
}

/// The rows of the chosen experts (all without a choice); an id not in the period is a validation error, and so is
/// a period without experts for the 考核表.
fn chosen<'a>(rows: &'a [ExpertScore], ids: Option<&[String]>) -> Result<Vec<&'a ExpertScore>> {
    let Some(ids) = ids else { return Ok(rows.iter().collect()) };
    ids.iter()
        .map(|id| {
            rows.iter().find(|r| &r.expert_id == id).ok_or_else(|| {
                CoreError::field(
                    "expertIds",
                    "所选专员不在该考核期间的参评名单中",
                    "The chosen expert is not assessed in this period",
                )
            })
        })
        .collect()
}

/// What a row shows: the stored result once graded, the result computed now otherwise.
struct Shown<'a> {
    score: &'a ExpertScore,
    items: &'a [ItemScore],
    adjustments: f64,
    total: f64,
    grade: Grade,
    grade_label: &'a str,
    lowered_by_cap: bool,
    graded_at: Option<&'a str>,
}

impl<'a> Shown<'a> {
    fn of(score: &'a ExpertScore) -> Self {
        match &score.stored {
            Some(s) => Self {
                score,
                items: &s.items,
                adjustments: s.adjustments,
                total: s.total,
                grade: s.grade,
                grade_label: &s.grade_label,
                lowered_by_cap: s.lowered_by_cap,
                graded_at: Some(&s.graded_at),
            },
            None => Self {
                score,
                items: &score.items,
                adjustments: score.adjustments,
                total: score.total,
                grade: score.grade,
                grade_label: &score.grade_label,
                lowered_by_cap: score.lowered_by_cap,
                graded_at: None,
            },
        }
    }

    /// 已定档 (with the day) or 未定档.
    fn status(&self) -> String {
        match self.graded_at {
            Some(at) => format!("已定档（{}）", at.get(..10).unwrap_or(at)),
            None => "未定档".to_owned(),
        }
    }
}

/// `2025（2025-01-01至2025-12-31）`.
fn period_label(period: &AssessmentPeriod) -> String {
    format!("{}（{}至{}）", period.name, period.start_date, period.end_date)
}

/// The header of an item's figure column and how its cells are written.
fn figure_column(source: AssessmentSource) -> SheetColumn {
    let label = source.label_zh();
    let unit = source.unit_zh();
    match source {
        AssessmentSource::ServiceDays => SheetColumn::new(format!("{label}（{unit}）"), CellKind::Number, 10),
        AssessmentSource::Visits | AssessmentSource::NeedsSolved => {
            SheetColumn::new(format!("{label}（{unit}）"), CellKind::Count, 10)
        }
        AssessmentSource::ContractAmount => SheetColumn::new(format!("{label}（{unit}）"), CellKind::Wan, 12),
        AssessmentSource::Satisfaction => SheetColumn::new(label, CellKind::Text, 12),
    }
}

/// An item's figure as its column writes it.
fn figure_value(item: &ItemScore) -> Value<'_> {
    match item.source {
        AssessmentSource::ServiceDays => Value::Number(item.figure),
        AssessmentSource::Visits | AssessmentSource::NeedsSolved => Value::Count(item.figure.round() as i64),
        AssessmentSource::ContractAmount => Value::Wan((item.figure * 1e6).round() as i64),
        AssessmentSource::Satisfaction => Value::Text(item.figure_text.as_str().into()),
    }
}

/// The sheet 考核汇总; returns its rows and figure lines.
fn summary(book: &mut Book, period: &AssessmentPeriod, settings: &ReportSettings, rows: &[Shown<'_>]) -> Result<u64> {
    let scheme = &period.scheme;
    let mut columns = vec![
        SheetColumn::new("序号", CellKind::Serial, 6),
        SheetColumn::new("科技专员", CellKind::Text, 16),
        SheetColumn::new("派出单位", CellKind::Text, 24),
    ];
    for item in &scheme.items {
        columns.push(figure_column(item.source));
        columns.push(SheetColumn::new(format!("{}得分", item.source.label_zh()), CellKind::Score, 10).unsummed());
    }
    columns.push(SheetColumn::new("加减分", CellKind::Score, 8).unsummed());
    columns.push(SheetColumn::new("总分", CellKind::Score, 8).unsummed());
    columns.push(SheetColumn::new("考核等次", CellKind::Text, 10));
    columns.push(SheetColumn::new("状态", CellKind::Text, 18));
    let title = format!("{}科技专员年度考核汇总表（{}）", settings.reporting_unit.trim(), period_label(period));
    let layout = TableLayout { totals: Totals::Plain, side_columns: 0 };
    let mut table = book.table_with(SUMMARY, &title, columns, layout)?;
    for (n, row) in (1..).zip(rows) {
        let mut values = vec![
            Value::Count(n),
            Value::Text(row.score.expert_name.as_str().into()),
            row.score.organization_name.as_deref().map_or(Value::Blank, Value::from),
        ];
        for item in row.items {
            values.push(figure_value(item));
            values.push(Value::Number(item.points));
        }
        values.push(Value::Number(row.adjustments));
        values.push(Value::Number(row.total));
        let grade = if row.lowered_by_cap {
            format!("{}（优秀比例限额）", row.grade_label)
        } else {
            row.grade_label.to_owned()
        };
        values.push(Value::Text(grade.into()));
        values.push(Value::Text(row.status().into()));
        table.write_row(&values)?;
    }
    let people = rows.len();
    let mut lines: Vec<(String, String)> = vec![("参评人数".into(), format!("{people} 人"))];
    for grade in Grade::ALL {
        let count = rows.iter().filter(|r| r.grade == grade).count();
        let share = if people == 0 { 0.0 } else { count as f64 * 100.0 / people as f64 };
        lines.push((grade.label(scheme.wording).into(), format!("{count} 人，占 {share:.1}%")));
    }
    let figures: Vec<(&str, Value<'_>)> =
        lines.iter().map(|(label, text)| (label.as_str(), Value::Text(text.as_str().into()))).collect();
    table.finish_with_figures(&figures)
}

/// The sheet 考核办法: the period's scheme in words; returns its rows.
fn scheme_sheet(book: &mut Book, period: &AssessmentPeriod) -> Result<u64> {
    let columns =
        vec![SheetColumn::new("项目", CellKind::Text, 14), SheetColumn::new("计分办法与口径", CellKind::Text, 90)];
    let title = format!("考核办法（{}）", period_label(period));
    let layout = TableLayout { totals: Totals::None, side_columns: 0 };
    let mut table = book.table_with(SCHEME, &title, columns, layout)?;
    let mut lines = describe(&period.scheme);
    lines.push((
        "说明".into(),
        "本期间按创建期间时“设置 → 考核办法”的副本计算，其后修改设置不影响本期间；已定档的专员按定档时保存的结果列出"
            .into(),
    ));
    for (heading, text) in &lines {
        table.write_row(&[Value::from(heading.as_str()), Value::from(text.as_str())])?;
    }
    table.finish()
}

/// The adjustments of a period, by expert.
fn adjustments_by_expert(
    conn: &Connection,
    period: &AssessmentPeriod,
) -> Result<HashMap<String, Vec<AssessmentAdjustment>>> {
    let mut out: HashMap<String, Vec<AssessmentAdjustment>> = HashMap::new();
    if period.id.is_empty() {
        return Ok(out);
    }
    for a in periods::adjustments_of(conn, &period.id, None)? {
        out.entry(a.expert_id.clone()).or_default().push(a);
    }
    Ok(out)
}

/// A sheet name Excel accepts (no `[]:*?/\`, at most 31 characters), unique in the workbook.
fn sheet_name(name: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = name.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(26).collect();
    let base = if clean.trim().is_empty() { "专员".to_owned() } else { clean };
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}({n})");
        n += 1;
    }
    candidate
}

/// The formats of the 考核表.
struct FormFormats {
    title: Format,
    meta: Format,
    label: Format,
    cell: Format,
    centred: Format,
    score: Format,
    text: Format,
    signature: Format,
}

impl FormFormats {
    fn new() -> Self {
        let cell = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter).set_text_wrap();
        Self {
            title: Format::new().set_bold().set_font_size(18).set_align(FormatAlign::Center),
            meta: Format::new().set_align(FormatAlign::Left).set_font_size(9),
            label: cell.clone().set_bold().set_align(FormatAlign::Center),
            centred: cell.clone().set_align(FormatAlign::Center),
            score: cell.clone().set_align(FormatAlign::Center).set_num_format("0.00"),
            text: cell.clone().set_align(FormatAlign::Top).set_align(FormatAlign::Left),
            signature: cell.clone().set_align(FormatAlign::Top).set_align(FormatAlign::Left),
            cell,
        }
    }
}

/// What a 考核表 needs besides its row.
struct FormContext<'a> {
    period: &'a AssessmentPeriod,
    settings: &'a ReportSettings,
    meta: &'a str,
    adjustments: &'a [AssessmentAdjustment],
    notes: Option<&'a Notes>,
}

/// The widths of the 考核表's six columns, in characters; they fill an A4 page across.
const FORM_WIDTHS: [f64; 6] = [13.0, 16.0, 16.0, 14.0, 10.0, 10.0];

/// The height of a block of text over `cols` of the form's columns (from `first`), in points, at least `min`.
fn text_height(text: &str, first: usize, cols: usize, min: f64) -> f64 {
    let width: f64 = FORM_WIDTHS[first..first + cols].iter().sum::<f64>() - 1.0;
    let lines: usize = text.split('\n').map(|l| ((display_width(l) as f64) / width).ceil().max(1.0) as usize).sum();
    (lines as f64 * 15.0 + 6.0).clamp(min, 409.0)
}

/// One expert's 考核表 on an A4 page.
fn form(f: &FormFormats, row: &Shown<'_>, c: &FormContext<'_>) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_paper_size(9).set_portrait().set_print_fit_to_pages(1, 1).set_print_center_horizontally(true);
    sheet.set_margins(0.6, 0.6, 0.7, 0.7, 0.3, 0.3);
    for (col, width) in FORM_WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width).map_err(xlsx)?;
    }
    let x = |e| xlsx(e);
    let mut r = 0u32;
    let title = format!("{}科技专员年度考核表", c.settings.reporting_unit.trim());
    sheet.merge_range(r, 0, r, 5, &title, &f.title).map_err(x)?;
    sheet.set_row_height(r, 32).map_err(x)?;
    r += 1;
    sheet.merge_range(r, 0, r, 5, c.meta, &f.meta).map_err(x)?;
    r += 1;
    let expert = &row.score;
    sheet.write_string_with_format(r, 0, "姓名", &f.label).map_err(x)?;
    sheet.write_string_with_format(r, 1, &expert.expert_name, &f.centred).map_err(x)?;
    sheet.write_string_with_format(r, 2, "派出单位", &f.label).map_err(x)?;
    sheet.merge_range(r, 3, r, 5, expert.organization_name.as_deref().unwrap_or(""), &f.centred).map_err(x)?;
    sheet.set_row_height(r, 24).map_err(x)?;
    r += 1;
    sheet.write_string_with_format(r, 0, "考核期间", &f.label).map_err(x)?;
    sheet.merge_range(r, 1, r, 5, &period_label(c.period), &f.centred).map_err(x)?;
    sheet.set_row_height(r, 24).map_err(x)?;
    r += 1;
    for (col, text) in [(0, "考核项目"), (3, "完成情况"), (4, "得分"), (5, "满分")] {
        sheet.write_string_with_format(r, col, text, &f.label).map_err(x)?;
    }
    sheet.merge_range(r, 1, r, 2, "计分办法", &f.label).map_err(x)?;
    sheet.set_row_height(r, 22).map_err(x)?;
    r += 1;
    let scheme = &c.period.scheme;
    for item in row.items {
        let rule = scheme
            .items
            .iter()
            .find(|i| i.source == item.source)
            .map(|i| rule_text(i, &scheme.satisfaction_weights))
            .unwrap_or_default();
        sheet.write_string_with_format(r, 0, item.source.label_zh(), &f.label).map_err(x)?;
        sheet.merge_range(r, 1, r, 2, &rule, &f.cell).map_err(x)?;
        sheet.write_string_with_format(r, 3, &item.figure_text, &f.centred).map_err(x)?;
        sheet.write_number_with_format(r, 4, item.points, &f.score).map_err(x)?;
        sheet.write_number_with_format(r, 5, item.cap, &f.score).map_err(x)?;
        sheet.set_row_height(r, text_height(&rule, 1, 2, 24.0)).map_err(x)?;
        r += 1;
    }
    // A graded expert's adjustments as they were graded; the others' as they are.
    let adjustments = match &row.score.stored {
        Some(stored) => stored.adjustment_entries.as_slice(),
        None => c.adjustments,
    };
    let reasons = if adjustments.is_empty() {
        "无".to_owned()
    } else {
        adjustments
            .iter()
            .map(|a| format!("{}{} 分：{}", if a.points > 0.0 { "+" } else { "" }, plain_number(a.points), a.reason))
            .collect::<Vec<_>>()
            .join("\n")
    };
    sheet.write_string_with_format(r, 0, "加分/扣分", &f.label).map_err(x)?;
    sheet.merge_range(r, 1, r, 3, &reasons, &f.cell).map_err(x)?;
    sheet.write_number_with_format(r, 4, row.adjustments, &f.score).map_err(x)?;
    let limit = format!("±{}", plain_number(scheme.adjustment_limit));
    sheet.write_string_with_format(r, 5, &limit, &f.centred).map_err(x)?;
    sheet.set_row_height(r, text_height(&reasons, 1, 3, 24.0)).map_err(x)?;
    r += 1;
    sheet.write_string_with_format(r, 0, "总分", &f.label).map_err(x)?;
    sheet.merge_range(r, 1, r, 3, "各项得分之和加减分（0–100 分）", &f.cell).map_err(x)?;
    sheet.write_number_with_format(r, 4, row.total, &f.score).map_err(x)?;
    sheet.write_number_with_format(r, 5, 100.0, &f.score).map_err(x)?;
    sheet.set_row_height(r, 24).map_err(x)?;
    r += 1;
    let mut grade = row.grade_label.to_owned();
    if row.lowered_by_cap {
        grade.push_str("（总分达优秀，因优秀比例限额评为此等次）");
    }
    grade.push_str(&format!("　　{}", row.status()));
    sheet.write_string_with_format(r, 0, "考核等次", &f.label).map_err(x)?;
    sheet.merge_range(r, 1, r, 5, &grade, &f.cell).map_err(x)?;
    sheet.set_row_height(r, 26).map_err(x)?;
    r += 1;
    for (label, text, min) in [
        ("个人自评", c.notes.and_then(|n| n.self_review.as_deref()).unwrap_or(""), 120.0),
        ("派出单位意见", c.notes.and_then(|n| n.unit_opinion.as_deref()).unwrap_or(""), 90.0),
    ] {
        sheet.write_string_with_format(r, 0, label, &f.label).map_err(x)?;
        sheet.merge_range(r, 1, r, 5, text, &f.text).map_err(x)?;
        sheet.set_row_height(r, text_height(text, 1, 5, min)).map_err(x)?;
        r += 1;
    }
    for (first, text) in [
        (0, "专员签字：\n\n\n\n日期：　　年　　月　　日"),
        (2, "派出单位（盖章）：\n\n\n\n日期：　　年　　月　　日"),
        (4, "考核单位（盖章）：\n\n\n\n日期：　　年　　月　　日"),
    ] {
        sheet.merge_range(r, first, r, first + 1, text, &f.signature).map_err(x)?;
    }
    sheet.set_row_height(r, 96).map_err(x)?;
    sheet.set_print_area(0, 0, r, 5).map_err(x)?;
    Ok(sheet)
}
