//! 打印表单: the 服务确认单 of a service record and the 走访记录表 of a visit, printed, stamped by the enterprise,
//! signed by the commissioner, scanned and attached again as the record's evidence.
//!
//! One sheet per record, each laid out by hand on four columns (label, value, label, value) and set up to print on
//! one A4 portrait page: print area, fit to one page wide and tall, margins, centred. The heading (title, 填报单位),
//! the enterprise (name, credit code, contact), the commissioner(s) (name, unit, phone, 职称), what was done (dates,
//! days, type, content and the non-zero 成效 of a service record; purpose, findings, next step of a visit), then
//! ruled boxes for 企业意见, 企业（盖章）, 专员签字 and their dates. Long text wraps and its row grows; no text is
//! below 10 pt, and none prints below 8 pt: a form too long for that on one page goes on over a second. Text that looks like a formula is written with a quote prefix, as in every export.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet};

use super::print::{self, PageSetup};
use super::sheet::{xlsx, Book, PAPER_A4};
use super::value::{display_width, looks_like_formula};
use super::write_atomically;
use crate::error::{CoreError, Result};
use crate::fieldwork::service_records::{self, COUNT_FIELDS, MONEY_FIELDS};
use crate::fieldwork::visits;
use crate::model::{ExpertTitle, ExportReport, FormKind, FormsRequest, Paper, ReportSettings, MAX_FORMS};
use crate::money::format_wan;
use crate::reporting::settings;
use crate::Ledger;

/// The widths of the four columns (label, value, label, value), in character widths: about 85 across, which A4
/// portrait holds at 100 %.
const WIDTHS: [f64; 4] = [14.0, 28.5, 14.0, 28.5];

/// Character widths a text spanning columns B to D holds per line (their widths less the cell's padding).
const WIDE_CHARS: usize = 68;

/// The height of a row of one line, and of each further line of wrapped text, in points.
const ROW_HEIGHT: f64 = 28.0;
const LINE_HEIGHT: f64 = 15.0;

/// The heights of the boxes left for hand-writing and the stamp, in points.
const OPINION_HEIGHT: f64 = 130.0;
const STAMP_HEIGHT: f64 = 80.0;

/// The smallest font of a form (its note), in points: a form of the usual length (about 900 pt tall) is shrunk to
/// about 84 % to fit its page, which prints this at 8.4 pt.
const SMALLEST_FONT_PT: f64 = 10.0;

/// Excel's sheet names: at most 31 characters.
const SHEET_NAME_CHARS: usize = 31;

/// The cell formats of a form.
struct Formats {
    title: Format,
    meta: Format,
    section: Format,
    label: Format,
    value: Format,
    date_line: Format,
    note: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_font_size(11)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(18)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            meta: Format::new().set_font_size(10).set_align(FormatAlign::Left).set_align(FormatAlign::VerticalCenter),
            section: cell.clone().set_bold().set_background_color(Color::RGB(0xD9E1F2)),
            label: cell.clone().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xF2F2F2)),
            date_line: cell.clone().set_align(FormatAlign::Right),
            value: cell.set_align(FormatAlign::Left),
            note: Format::new().set_font_size(SMALLEST_FONT_PT).set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// One form being laid out on its sheet, row by row.
struct FormSheet<'f> {
    sheet: Worksheet,
    formats: &'f Formats,
    row: u32,
    /// The heights of the rows written, in points.
    heights: Vec<f64>,
}

/// The format for `text`: `base`, quoted when the text would read as a formula.
fn safe(base: &Format, text: &str) -> Format {
    if looks_like_formula(text) {
        base.clone().set_quote_prefix()
    } else {
        base.clone()
    }
}

/// The lines `text` takes in a cell `chars` character widths wide.
fn lines(text: &str, chars: usize) -> usize {
    text.split('\n').map(|line| display_width(line).div_ceil(chars).max(1)).sum()
}

fn height_of(lines: usize) -> f64 {
    (ROW_HEIGHT + LINE_HEIGHT * lines.saturating_sub(1) as f64).min(409.0)
}

impl<'f> FormSheet<'f> {
    fn new(formats: &'f Formats) -> Result<Self> {
        let mut sheet = Worksheet::new();
        for (col, width) in WIDTHS.iter().enumerate() {
            sheet.set_column_width(col as u16, *width).map_err(xlsx)?;
        }
        sheet
            .set_portrait()
            .set_paper_size(PAPER_A4)
            .set_margins(0.6, 0.6, 0.6, 0.6, 0.3, 0.3)
            .set_print_center_horizontally(true)
            .set_print_fit_to_pages(1, 1)
            .set_screen_gridlines(false);
        Ok(Self { sheet, formats, row: 0, heights: Vec::new() })
    }

    /// Sets the height of the current row, in points.
    fn set_height(&mut self, height: f64) -> Result<()> {
        self.sheet.set_row_height(self.row, height).map_err(xlsx)?;
        self.heights.push(height);
        Ok(())
    }

    /// Text across the four columns.
    fn across(&mut self, text: &str, format: &Format, height: f64) -> Result<()> {
        self.sheet.merge_range(self.row, 0, self.row, 3, text, &safe(format, text)).map_err(xlsx)?;
        self.set_height(height)?;
        self.row += 1;
        Ok(())
    }

    fn title(&mut self, text: &str) -> Result<()> {
        self.across(text, &self.formats.title.clone(), 36.0)
    }

    fn meta(&mut self, text: &str) -> Result<()> {
        self.across(text, &self.formats.meta.clone(), 20.0)
    }

    fn section(&mut self, text: &str) -> Result<()> {
        self.across(text, &self.formats.section.clone(), ROW_HEIGHT)
    }

    /// Two label/value pairs on one row.
    fn pairs(&mut self, left: (&str, &str), right: (&str, &str)) -> Result<()> {
        let f = self.formats;
        let mut most = 1;
        for (i, (label, value)) in [left, right].into_iter().enumerate() {
            let col = (i * 2) as u16;
            self.sheet.write_string_with_format(self.row, col, label, &f.label).map_err(xlsx)?;
            self.sheet.write_string_with_format(self.row, col + 1, value, &safe(&f.value, value)).map_err(xlsx)?;
            most = most.max(lines(value, WIDTHS[i * 2 + 1] as usize - 2)).max(lines(label, WIDTHS[0] as usize - 2));
        }
        self.set_height(height_of(most))?;
        self.row += 1;
        Ok(())
    }

    /// A label and a value spanning the three other columns, at least `min_height` points tall.
    fn wide(&mut self, label: &str, value: &str, min_height: f64) -> Result<()> {
        let f = self.formats;
        self.sheet.write_string_with_format(self.row, 0, label, &f.label).map_err(xlsx)?;
        self.sheet.merge_range(self.row, 1, self.row, 3, value, &safe(&f.value, value)).map_err(xlsx)?;
        self.set_height(height_of(lines(value, WIDE_CHARS)).max(min_height))?;
        self.row += 1;
        Ok(())
    }

    /// A box to sign or stamp in, with a date line beside it.
    fn signature(&mut self, label: &str) -> Result<()> {
        let f = self.formats;
        self.sheet.write_string_with_format(self.row, 0, label, &f.label).map_err(xlsx)?;
        self.sheet.write_blank(self.row, 1, &f.value).map_err(xlsx)?;
        self.sheet.write_string_with_format(self.row, 2, "日期", &f.label).map_err(xlsx)?;
        self.sheet.write_string_with_format(self.row, 3, "年　　月　　日　", &f.date_line).map_err(xlsx)?;
        self.set_height(STAMP_HEIGHT)?;
        self.row += 1;
        Ok(())
    }

    /// The boxes at the foot of every form, and the note on what to do with the printed page.
    fn confirmation_boxes(&mut self, note: &str) -> Result<()> {
        self.section("确认")?;
        self.wide("企业意见", "", OPINION_HEIGHT)?;
        self.signature("企业（盖章）")?;
        self.signature("专员签字")?;
        let height = height_of(lines(note, WIDE_CHARS + 6));
        self.across(note, &self.formats.note.clone(), height)
    }

    /// Sets the print area to the rows written and hands the sheet over. A form so long that one page would print its
    /// smallest text (the 9 pt note) below [`print::MIN_PRINT_PT`] goes on over a second page instead.
    fn finish(mut self) -> Result<Worksheet> {
        self.sheet.set_print_area(0, 0, self.row.saturating_sub(1), 3).map_err(xlsx)?;
        let one_page = PageSetup { paper: Paper::A4, landscape: false, margins: [0.6; 4], fit_wide: 1, fit_tall: 1 };
        let scale = print::fitted_scale(&WIDTHS, &self.heights, &one_page);
        if SMALLEST_FONT_PT * f64::from(scale) / 100.0 < print::MIN_PRINT_PT {
            self.sheet.set_print_fit_to_pages(1, 0);
        }
        Ok(self.sheet)
    }
}

/// The enterprise as a form shows it: name, credit code, and its contact (the primary one, else the first).
struct Party {
    name: String,
    credit_code: String,
    contact: String,
}

fn party(conn: &Connection, enterprise_id: &str) -> Result<Party> {
    let (name, credit_code, contact_name, phone): (String, String, Option<String>, Option<String>) = conn
        .prepare_cached(
            "SELECT e.name, e.credit_code, c.name, c.phone FROM enterprises e
             LEFT JOIN enterprise_contacts c ON c.id = (SELECT id FROM enterprise_contacts
                 WHERE enterprise_id = e.id AND deleted_at IS NULL ORDER BY is_primary DESC, created_at, id LIMIT 1)
             WHERE e.id = ?1",
        )?
        .query_row([enterprise_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let contact = [contact_name, phone].into_iter().flatten().collect::<Vec<_>>().join("　");
    Ok(Party { name, credit_code, contact })
}

/// A commissioner as a form shows them.
struct Commissioner {
    name: String,
    unit: String,
    phone: String,
    title: String,
}

fn commissioner(conn: &Connection, expert_id: &str) -> Result<Commissioner> {
    let found = conn
        .prepare_cached(
            "SELECT x.name, o.name, x.phone, x.title FROM experts x
             LEFT JOIN organizations o ON o.id = x.organization_id WHERE x.id = ?1",
        )?
        .query_row([expert_id], |r| {
            Ok(Commissioner {
                name: r.get(0)?,
                unit: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                phone: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                title: r.get::<_, ExpertTitle>(3)?.label_zh().to_owned(),
            })
        })
        .optional()?;
    found.ok_or_else(|| CoreError::NotFound { entity: crate::model::Entity::Expert, id: expert_id.to_owned() })
}

impl FormSheet<'_> {
    fn enterprise(&mut self, p: &Party) -> Result<()> {
        self.section("服务企业")?;
        self.wide("企业名称", &p.name, ROW_HEIGHT)?;
        self.pairs(("统一社会信用代码", &p.credit_code), ("联系人", &p.contact))
    }

    fn commissioners(&mut self, people: &[Commissioner]) -> Result<()> {
        self.section("科技专员")?;
        for c in people {
            self.pairs(("姓名", &c.name), ("派出单位", &c.unit))?;
            self.pairs(("联系电话", &c.phone), ("职称", &c.title))?;
        }
        Ok(())
    }
}

/// The non-zero 成效 figures of a record, e.g. `合同金额 12.50 万元；专利 2`; `无` when there are none.
fn outcome_text(o: &crate::model::Outcomes) -> String {
    let (money, counts) = o.parts();
    let mut parts: Vec<String> = MONEY_FIELDS
        .iter()
        .zip(money)
        .filter(|(_, fen)| *fen != 0)
        .map(|((_, zh, _), fen)| format!("{zh} {} 万元", format_wan(fen)))
        .collect();
    parts.extend(COUNT_FIELDS.iter().zip(counts).filter(|(_, n)| *n != 0).map(|((_, zh, _), n)| format!("{zh} {n}")));
    if parts.is_empty() {
        "无".to_owned()
    } else {
        parts.join("；")
    }
}

/// The line under a form's title.
fn meta_line(settings: &ReportSettings, id: &str) -> String {
    format!("填报单位：{}　　　　记录编号：{id}", settings.reporting_unit)
}

/// The 服务确认单 of one service record, and the name of its enterprise (for the sheet's name).
fn service_form(
    conn: &Connection,
    formats: &Formats,
    settings: &ReportSettings,
    id: &str,
) -> Result<(Worksheet, String)> {
    let s = service_records::get(conn, id)?;
    let p = party(conn, &s.enterprise_id)?;
    let mut f = FormSheet::new(formats)?;
    f.title("科技专员服务确认单")?;
    f.meta(&meta_line(settings, &s.id))?;
    f.enterprise(&p)?;
    f.commissioners(&[commissioner(conn, &s.expert_id)?])?;
    f.section("服务情况")?;
    let dates =
        if s.start_date == s.end_date { s.start_date.clone() } else { format!("{} 至 {}", s.start_date, s.end_date) };
    f.pairs(("服务日期", &dates), ("服务天数", &format!("{} 天", s.service_days)))?;
    f.pairs(("服务类型", s.service_type.label_zh()), ("服务需求", s.need_title.as_deref().unwrap_or("—")))?;
    f.wide("服务内容", s.content.as_deref().unwrap_or_default(), 110.0)?;
    f.wide("成效说明", s.outcome_summary.as_deref().unwrap_or_default(), ROW_HEIGHT * 2.0)?;
    f.wide("服务成效", &outcome_text(&s.outcomes), ROW_HEIGHT)?;
    f.confirmation_boxes(
        "注：请企业核实以上内容，填写意见并加盖公章，专员签字后扫描上传至台账中该服务记录的附件，标为“服务确认书”。",
    )?;
    Ok((f.finish()?, p.name))
}

/// The 走访记录表 of one visit, and the name of its enterprise.
fn visit_form(
    conn: &Connection,
    formats: &Formats,
    settings: &ReportSettings,
    id: &str,
) -> Result<(Worksheet, String)> {
    let v = visits::get(conn, id)?;
    let p = party(conn, &v.enterprise_id)?;
    let people = v.experts.iter().map(|x| commissioner(conn, &x.id)).collect::<Result<Vec<_>>>()?;
    let mut f = FormSheet::new(formats)?;
    f.title("科技专员走访记录表")?;
    f.meta(&meta_line(settings, &v.id))?;
    f.enterprise(&p)?;
    f.commissioners(&people)?;
    f.section("走访情况")?;
    f.pairs(("走访日期", &v.visit_date), ("走访方式", v.mode.label_zh()))?;
    f.wide("走访目的", v.purpose.as_deref().unwrap_or_default(), ROW_HEIGHT * 2.0)?;
    f.wide("发现的问题", v.findings.as_deref().unwrap_or_default(), 110.0)?;
    f.wide("下一步", v.next_step.as_deref().unwrap_or_default(), ROW_HEIGHT * 2.0)?;
    f.pairs(
        ("跟进日期", v.follow_up_date.as_deref().unwrap_or("—")),
        ("备注", v.notes.as_deref().unwrap_or_default()),
    )?;
    f.confirmation_boxes(
        "注：请企业核实以上内容，填写意见并加盖公章，专员签字后扫描上传至台账中该走访记录的附件，标为“走访记录表”。",
    )?;
    Ok((f.finish()?, p.name))
}

/// A sheet's name: `n 企业名称` (without the characters Excel refuses), at most 31 characters.
fn sheet_name(n: usize, enterprise: &str) -> String {
    let clean: String = enterprise.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).collect();
    format!("{n} {clean}").trim_end().chars().take(SHEET_NAME_CHARS).collect::<String>().trim_end().to_owned()
}

/// Checks the request: at least one record, at most [`MAX_FORMS`]; repeated ids are printed once.
fn chosen_ids(request: &FormsRequest) -> Result<Vec<&str>> {
    let mut ids: Vec<&str> = Vec::with_capacity(request.ids.len());
    for id in request.ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Err(CoreError::field("ids", "请至少选择一条记录", "Choose at least one record"));
    }
    if ids.len() > MAX_FORMS {
        return Err(CoreError::field(
            "ids",
            format!("一次最多打印 {MAX_FORMS} 份，请分批打印"),
            format!("At most {MAX_FORMS} forms at once; print them in parts"),
        ));
    }
    Ok(ids)
}

/// Writes the forms `request` asks for to `out` (one sheet per record, in the order given), with `settings`'
/// 填报单位. `progress(done, total)` is called after each sheet; returning `false` cancels. Nothing is left at `out`
/// unless the whole workbook was written.
pub fn write_forms(
    conn: &Connection,
    request: &FormsRequest,
    settings: &ReportSettings,
    out: &Path,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<ExportReport> {
    let ids = chosen_ids(request)?;
    let total = ids.len() as u64;
    let formats = Formats::new();
    let mut book = Book::in_memory(String::new());
    for (i, id) in ids.iter().enumerate() {
        let (sheet, enterprise) = match request.kind {
            FormKind::ServiceConfirmation => service_form(conn, &formats, settings, id)?,
            FormKind::VisitRecord => visit_form(conn, &formats, settings, id)?,
        };
        let name = if ids.len() == 1 { title_of(request.kind).to_owned() } else { sheet_name(i + 1, &enterprise) };
        book.push_sheet(sheet, &name)?;
        if !progress(i as u64 + 1, total) {
            return Err(CoreError::Cancelled);
        }
    }
    let sheets = book.sheets();
    write_atomically(out, |partial| book.save(partial))?;
    Ok(ExportReport { path: out.display().to_string(), rows: total, sheets })
}

/// The form's name: 服务确认单, 走访记录表.
pub fn title_of(kind: FormKind) -> &'static str {
    match kind {
        FormKind::ServiceConfirmation => "服务确认单",
        FormKind::VisitRecord => "走访记录表",
    }
}

impl Ledger {
    /// Writes the 服务确认单 of service records or the 走访记录表 of visits to `out` ([`write_forms`]), from one
    /// consistent read. A record not found or in the recycle bin refuses the whole workbook, naming it.
    pub fn export_forms(
        &self,
        request: &FormsRequest,
        out: &Path,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<ExportReport> {
        self.db.read_apart(|c| {
            let settings = settings::report_settings(c)?;
            write_forms(c, request, &settings, out, progress)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(sheet_name(3, "宁波[精密]机械/有限公司"), "3 宁波精密机械有限公司");
        assert_eq!(sheet_name(12, &"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn wrapped_text_counts_its_lines() {
        assert_eq!(lines("", 10), 1);
        assert_eq!(lines("一二三四五六", 10), 2, "Chinese characters are two widths each");
        assert_eq!(lines("a\nb", 10), 2);
    }
}
