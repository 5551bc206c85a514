//! 下载模板: a blank workbook for each import kind, drawn from the importer's own field list (`columns::specs`), so
//! a filled-in template comes in with every column recognised and no mapping step. The first sheet has the header
//! (required columns marked `*`, which the header matching ignores), text-formatted columns for numbers that must
//! keep their digits (phones, ID numbers, credit codes), date columns formatted as days, and a drop-down list on every
//! column with a closed value set — the labels the app shows. The 填写说明 sheet says what each column takes.

use std::path::Path;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::columns::{specs, Spec, Value};
use crate::error::Result;
use crate::model::ImportKind;
use crate::reporting::export::sheet::xlsx;
use crate::storage::fs_atomic;

/// Rows of the data sheet given the drop-down lists and column formats.
const FILL_ROWS: u32 = 5_000;

/// The data sheet's name for `kind`.
pub fn sheet_name(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Experts => "科技专员花名册",
        ImportKind::Enterprises => "服务企业名录",
        ImportKind::Visits => "走访记录",
        ImportKind::Services => "服务台账",
        ImportKind::Needs => "技术需求征集表",
        ImportKind::Events => "活动台账",
    }
}

/// The header of a field as the template writes it: its label, `*` first when the field is required, the unit after
/// an amount — both of which the header matching sets aside.
fn header(spec: &Spec) -> String {
    let mark = if spec.required { "*" } else { "" };
    let unit = if matches!(spec.value, Value::Money) { "（万元）" } else { "" };
    format!("{mark}{}{unit}", spec.zh)
}

/// The headers of the template of `kind`, in the importer's order.
pub fn headers(kind: ImportKind) -> Vec<String> {
    specs(kind).iter().map(header).collect()
}

/// What a cell of `value` takes, for the 填写说明 sheet.
fn explain(value: Value) -> &'static str {
    match value {
        Value::Text => "文字",
        Value::LongText => "文字，可以换行",
        Value::Day => "日期，如 2025-03-15（也可写 2025/3/15、2025年3月15日）",
        Value::Month => "年月，如 1980-05",
        Value::Money => "金额，单位万元，如 12.5（最多 6 位小数；写“元”时按元换算）",
        Value::Count => "整数，如 3",
        Value::Days => "天数，以半天为单位，如 1 或 1.5",
        Value::Phone => "手机或固定电话，如 13800138000、0571-88886666",
        Value::Email => "电子邮箱，如 name@example.com",
        Value::IdCard => "18 位居民身份证号码",
        Value::CreditCode => "18 位统一社会信用代码",
        Value::Flag => "是 或 否（从下拉列表选择）",
        Value::List => "可填多项，用“、”分隔",
        Value::Enterprise => "台账中已有的企业名称，与企业名录一致；有同名企业时请同时填统一社会信用代码",
        Value::Expert => "花名册中已有的专员姓名；有同名专员时请同时填专员电话",
        Value::Experts => "花名册中已有的专员姓名，多人用“、”分隔",
        Value::Enterprises => "台账中已有的企业名称或统一社会信用代码，多家用“、”分隔",
        Value::ExpertsWithPhone => {
            "花名册中已有的专员姓名，多人用“、”分隔；有同名专员时在姓名后写电话，如 张伟13800138000"
        }
        Value::Labels(_) => "从下拉列表选择",
    }
}

/// The closed value set of a field, if it has one.
fn choices(value: Value) -> Option<Vec<&'static str>> {
    match value {
        Value::Labels(labels) => Some(labels()),
        Value::Flag => Some(vec!["是", "否"]),
        _ => None,
    }
}

/// Writes the blank template of `kind` to `path` (`.xlsx`); the file appears complete or not at all.
pub fn write_template(kind: ImportKind, path: &Path) -> Result<()> {
    let mut book = Workbook::new();
    data_sheet(book.add_worksheet(), kind).map_err(xlsx)?;
    notes_sheet(book.add_worksheet(), kind).map_err(xlsx)?;
    fs_atomic::write_atomically(path, |partial| book.save(partial).map_err(xlsx))
}

fn data_sheet(sheet: &mut Worksheet, kind: ImportKind) -> std::result::Result<(), XlsxError> {
    sheet.set_name(sheet_name(kind))?;
    let head = Format::new().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_border(FormatBorder::Thin);
    let required = head.clone().set_font_color(Color::RGB(0xC00000));
    let text = Format::new().set_num_format("@");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    for (i, spec) in specs(kind).iter().enumerate() {
        let col = i as u16;
        let format = if spec.required { &required } else { &head };
        sheet.write_string_with_format(0, col, header(spec), format)?;
        let width = match spec.value {
            Value::LongText => 36.0,
            Value::Enterprise | Value::CreditCode | Value::IdCard | Value::Experts | Value::ExpertsWithPhone => 24.0,
            Value::Enterprises => 40.0,
            _ => (spec.zh.chars().count() as f64 * 2.4 + 4.0).max(12.0),
        };
        sheet.set_column_width(col, width)?;
        match spec.value {
            Value::Phone | Value::IdCard | Value::CreditCode | Value::Enterprises => {
                sheet.set_column_format(col, &text)?;
            }
            Value::Day => {
                sheet.set_column_format(col, &day)?;
            }
            Value::LongText => {
                sheet.set_column_format(col, &wrap)?;
            }
            _ => {}
        }
        if let Some(list) = choices(spec.value) {
            // A warning, not a stop: the importer also reads the usual wordings (教授 → 正高 …).
            let validation = DataValidation::new()
                .allow_list_strings(&list)?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title(spec.zh)?
                .set_error_message(format!("请从列表中选择：{}", list.join("、")))?;
            sheet.add_data_validation(1, col, FILL_ROWS, col, &validation)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0).set_repeat_rows(0, 0)?;
    Ok(())
}

fn notes_sheet(sheet: &mut Worksheet, kind: ImportKind) -> std::result::Result<(), XlsxError> {
    sheet.set_name("填写说明")?;
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_border(FormatBorder::Thin);
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let general = [
        format!("“{}”工作表的第一行是表头，请不要修改或删除；从第二行起每行填写一条记录。", sheet_name(kind)),
        "表头前带 * 的列必须填写（红色）；其他列可以留空。".to_owned(),
        "日期写作 2025-03-15；金额单位为万元，可带小数，如 12.5。".to_owned(),
        "填好后在“导入数据”页选择本文件导入，先预览检查，确认后一次写入；导入后可以整体撤销。".to_owned(),
    ];
    sheet.write_string_with_format(0, 0, format!("{}导入模板 · 填写说明", sheet_name(kind)), &bold)?;
    let line = Format::new().set_text_wrap();
    for (i, text) in general.iter().enumerate() {
        sheet.merge_range(i as u32 + 1, 0, i as u32 + 1, 3, text, &line)?;
    }
    let top = general.len() as u32 + 2;
    for (col, title) in ["列名", "必填", "填写说明", "可填的值"].iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, *title, &head)?;
    }
    for (i, spec) in specs(kind).iter().enumerate() {
        let row = top + 1 + i as u32;
        write_note(sheet, row, spec, &cell)?;
    }
    sheet.set_column_width(0, 20.0)?;
    sheet.set_column_width(1, 6.0)?;
    sheet.set_column_width(2, 60.0)?;
    sheet.set_column_width(3, 48.0)?;
    sheet.set_landscape().set_print_fit_to_pages(1, 0);
    Ok(())
}

fn write_note(sheet: &mut Worksheet, row: u32, spec: &Spec, cell: &Format) -> std::result::Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, header(spec), cell)?;
    sheet.write_string_with_format(row, 1, if spec.required { "是" } else { "" }, cell)?;
    sheet.write_string_with_format(row, 2, explain(spec.value), cell)?;
    sheet.write_string_with_format(row, 3, choices(spec.value).map(|l| l.join("、")).unwrap_or_default(), cell)?;
    Ok(())
}
