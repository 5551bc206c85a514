//! Print that can be read: the page setup of every exported table (paper, landscape, margins, fit to the width) and
//! the scale it prints at.
//!
//! A table is fitted to the paper's width. When its columns are so wide that one page would shrink the text below
//! [`MIN_PRINT_PT`], it is fitted to as few pages wide as keep it at that size or larger instead, with the 序号
//! column repeated on each, printed over then down (a row's right part on the page after its left part). The 打印列
//! of each ledger (`ledgers.rs`) and A3 are what make a ledger fit one page wide; this rule is the floor under any
//! choice of columns.
//!
//! The scale is worked out from the column widths the sheet writer sets ([`super::sheet::column_width`]) in Excel's
//! measure: a column `w` characters wide is `7w + 5` pixels of the default font (Calibri 11), 0.75 pt each; at a scale
//! of `p` % the body text prints at `11 × p / 100` pt.

use rust_xlsxwriter::Worksheet;

use crate::model::Paper;

/// The font size of a table's cells, in points (the workbook's default font, Calibri 11).
pub const BODY_FONT_PT: f64 = 11.0;

/// The smallest font size a table may print at, in points.
pub const MIN_PRINT_PT: f64 = 8.0;

/// Rows of a ledger up to which every row is made as tall as its wrapped text: a constant-memory sheet keeps each
/// such row's height in memory until it is saved (about 170 bytes a row), so a ledger larger than this keeps Excel's
/// automatic height (one line until someone opens and edits it).
pub const SMALL_LEDGER_ROWS: u64 = 20_000;

/// Left and right margins, in inches (narrower than Excel's 0.7: a ledger needs the width).
const SIDE_MARGIN_IN: f64 = 0.4;
/// Top and bottom margins, and the header and footer's, in inches.
const TOP_MARGIN_IN: f64 = 0.6;
const HEADER_MARGIN_IN: f64 = 0.3;

/// Points per inch.
const PT_PER_IN: f64 = 72.0;
/// Points per millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// Excel's paper size codes.
const PAPER_CODE_A4: u8 = 9;
const PAPER_CODE_A3: u8 = 8;

/// Excel's smallest print scale, in percent.
const MIN_SCALE: u16 = 10;

/// Excel's paper size code of a paper.
pub fn paper_code(paper: Paper) -> u8 {
    match paper {
        Paper::A4 => PAPER_CODE_A4,
        Paper::A3 => PAPER_CODE_A3,
    }
}

/// The paper of an Excel paper size code (A4 for any other).
pub fn paper_of_code(code: u8) -> Paper {
    if code == PAPER_CODE_A3 {
        Paper::A3
    } else {
        Paper::A4
    }
}

/// The long and the short side of a paper, in points.
fn sides_pt(paper: Paper) -> (f64, f64) {
    match paper {
        Paper::A4 => (297.0 * PT_PER_MM, 210.0 * PT_PER_MM),
        Paper::A3 => (420.0 * PT_PER_MM, 297.0 * PT_PER_MM),
    }
}

/// The width a landscape page of `paper` prints on, inside the margins a table's sheet gets, in points.
pub fn printable_width_pt(paper: Paper) -> f64 {
    sides_pt(paper).0 - 2.0 * SIDE_MARGIN_IN * PT_PER_IN
}

/// A sheet's page setup as Excel stores it, enough to work out the scale it prints at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// The paper.
    pub paper: Paper,
    /// Landscape (else portrait).
    pub landscape: bool,
    /// Margins left, right, top and bottom, in inches.
    pub margins: [f64; 4],
    /// Fit to this many pages wide (0: any number).
    pub fit_wide: u16,
    /// Fit to this many pages tall (0: any number).
    pub fit_tall: u16,
}

impl PageSetup {
    /// The setup [`set_up_page`] and [`fit_width`] give a table's sheet fitted to `pages_wide`.
    pub fn table(paper: Paper, pages_wide: u16) -> Self {
        Self {
            paper,
            landscape: true,
            margins: [SIDE_MARGIN_IN, SIDE_MARGIN_IN, TOP_MARGIN_IN, TOP_MARGIN_IN],
            fit_wide: pages_wide,
            fit_tall: 0,
        }
    }

    /// The width and height a page prints on inside the margins, in points.
    fn printable_pt(&self) -> (f64, f64) {
        let (long, short) = sides_pt(self.paper);
        let (w, h) = if self.landscape { (long, short) } else { (short, long) };
        let [left, right, top, bottom] = self.margins;
        (w - (left + right) * PT_PER_IN, h - (top + bottom) * PT_PER_IN)
    }
}

/// The scale, in percent, a sheet fitted to pages as `setup` says prints at: the largest whole percentage at which
/// its columns (`widths`, in characters as `set_column_width` takes them), laid left to right and broken onto a new
/// page only between columns (the first repeated on each further page), take no more pages across, and its rows
/// (`heights`, in points) no more pages down.
pub fn fitted_scale(widths: &[f64], heights: &[f64], setup: &PageSetup) -> u16 {
    let (room_w, room_h) = setup.printable_pt();
    let points: Vec<f64> = widths.iter().map(|w| column_pt(*w)).collect();
    let tall: f64 = heights.iter().sum();
    (MIN_SCALE..=100)
        .rev()
        .find(|p| {
            let k = 100.0 / f64::from(*p);
            let wide_ok = setup.fit_wide == 0 || pages_at(&points, room_w * k) <= setup.fit_wide;
            let tall_ok = setup.fit_tall == 0 || (tall / (room_h * k)).ceil().max(1.0) <= f64::from(setup.fit_tall);
            wide_ok && tall_ok
        })
        .unwrap_or(MIN_SCALE)
}

/// The printed width of a column `width` characters wide (as `set_column_width` takes it) at 100 %, in points.
pub fn column_pt(width: f64) -> f64 {
    (width * 7.0 + 5.0).round() * 0.75
}

/// How a table prints: on how many pages side by side, at which scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintFit {
    /// Pages across the table's width (1: the whole width on each page).
    pub pages_wide: u16,
    /// The print scale, in percent.
    pub scale: u16,
}

impl PrintFit {
    /// The size the body text prints at, in points.
    pub fn font_pt(self) -> f64 {
        BODY_FONT_PT * f64::from(self.scale) / 100.0
    }
}

/// How a table whose columns are `widths` characters wide prints on landscape `paper` fitted to `pages_wide` pages
/// across: the largest whole percentage at which its columns, laid left to right and broken onto a new page only
/// between columns (the first column repeated on each further page), take no more pages.
pub fn fit_to(widths: &[f64], paper: Paper, pages_wide: u16) -> PrintFit {
    PrintFit { pages_wide, scale: fitted_scale(widths, &[], &PageSetup::table(paper, pages_wide)) }
}

/// How a table whose columns are `widths` characters wide prints at its default: one page wide when that prints at
/// [`MIN_PRINT_PT`] or larger, otherwise the fewest pages across that do.
pub fn fit(widths: &[f64], paper: Paper) -> PrintFit {
    let most = widths.len().max(1) as u16;
    let one = fit_to(widths, paper, 1);
    (1..=most)
        .map(|n| fit_to(widths, paper, n))
        .find(|f| f.font_pt() >= MIN_PRINT_PT)
        .map_or(one, |f| PrintFit { pages_wide: pages_needed(widths, paper, f), ..f })
}

/// The pages a fit really takes at its scale (fewer than asked when the last ones would stay empty).
fn pages_needed(widths: &[f64], paper: Paper, f: PrintFit) -> u16 {
    let points: Vec<f64> = widths.iter().map(|w| column_pt(*w)).collect();
    pages_at(&points, printable_width_pt(paper) * 100.0 / f64::from(f.scale))
}

/// Pages across that columns of `points` take on pages `room` points wide (at 100 %), the first column repeated on
/// each page after the first.
fn pages_at(points: &[f64], room: f64) -> u16 {
    let repeated = points.first().copied().unwrap_or(0.0);
    let mut pages = 1u16;
    let mut used = 0.0;
    for (i, w) in points.iter().enumerate() {
        if used + w > room + 1e-6 && i > 0 && used > repeated + 1e-6 {
            pages += 1;
            used = repeated;
        }
        used += w;
    }
    pages
}

/// The page setup of a new table's sheet: `paper`, landscape, the margins, the page numbers in the footer, fitted to
/// one page wide and as many tall as it takes ([`fit_width`] widens that once the columns are known).
pub(super) fn set_up_page(sheet: &mut Worksheet, paper: Paper) {
    sheet.set_landscape().set_paper_size(paper_code(paper)).set_print_fit_to_pages(1, 0);
    sheet.set_margins(SIDE_MARGIN_IN, SIDE_MARGIN_IN, TOP_MARGIN_IN, TOP_MARGIN_IN, HEADER_MARGIN_IN, HEADER_MARGIN_IN);
    sheet.set_footer("&C第 &P 页，共 &N 页");
}

/// Fits a table's sheet whose columns are `widths` characters wide to the width of `paper` ([`fit`]): one page wide,
/// or as many as keep the text at [`MIN_PRINT_PT`], with the first column (序号) repeated on each.
pub(super) fn fit_width(sheet: &mut Worksheet, widths: &[f64], paper: Paper) -> crate::error::Result<PrintFit> {
    let f = fit(widths, paper);
    sheet.set_print_fit_to_pages(f.pages_wide, 0);
    if f.pages_wide > 1 {
        // Over, then down: a row's right part follows its left part.
        sheet.set_repeat_columns(0, 0).map_err(super::sheet::xlsx)?.set_page_order(false);
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_fitted_to_one_page_tall_shrinks_for_its_rows() {
        let portrait = PageSetup { paper: Paper::A4, landscape: false, margins: [0.6; 4], fit_wide: 1, fit_tall: 1 };
        // A4 portrait inside 0.6" margins: 508.9 × 755.1 pt.
        assert_eq!(fitted_scale(&[20.0; 4], &[15.0; 40], &portrait), 100);
        assert_eq!(fitted_scale(&[20.0; 4], &[15.0; 100], &portrait), 50);
        assert_eq!(fitted_scale(&[20.0; 4], &[15.0; 100], &PageSetup { fit_tall: 0, ..portrait }), 100);
    }

    #[test]
    fn the_paper_and_a_column_in_points() {
        assert!((printable_width_pt(Paper::A4) - 784.3).abs() < 0.1, "{}", printable_width_pt(Paper::A4));
        assert!((printable_width_pt(Paper::A3) - 1132.9).abs() < 0.1, "{}", printable_width_pt(Paper::A3));
        assert_eq!(column_pt(10.0), 56.25);
        assert_eq!((paper_code(Paper::A4), paper_code(Paper::A3)), (9, 8));
        assert_eq!((paper_of_code(9), paper_of_code(8), paper_of_code(1)), (Paper::A4, Paper::A3, Paper::A4));
    }

    #[test]
    fn a_narrow_table_prints_at_full_size_and_a_wide_one_shrinks() {
        let narrow = [12.0; 8];
        assert_eq!(fit(&narrow, Paper::A4), PrintFit { pages_wide: 1, scale: 100 });
        // 16 columns of 12 characters: 1,068 pt at 100 %, 73 % on A4 (8.03 pt), 100 % on A3.
        let wide = [12.0; 16];
        assert_eq!(fit(&wide, Paper::A4), PrintFit { pages_wide: 1, scale: 73 });
        assert_eq!(fit(&wide, Paper::A3).scale, 100);
    }

    #[test]
    fn a_table_too_wide_for_8_pt_goes_onto_more_pages_across() {
        // 30 columns of 14 characters: one A4 page would print at 4.8 pt.
        let widths = [14.0; 30];
        assert!(fit_to(&widths, Paper::A4, 1).font_pt() < MIN_PRINT_PT);
        let f = fit(&widths, Paper::A4);
        assert!(f.pages_wide >= 2 && f.font_pt() >= MIN_PRINT_PT, "{f:?}");
        assert!(fit_to(&widths, Paper::A4, f.pages_wide - 1).font_pt() < MIN_PRINT_PT, "the fewest pages: {f:?}");
    }

    #[test]
    fn pages_break_between_columns_and_repeat_the_first() {
        assert_eq!(pages_at(&[10.0, 50.0, 50.0], 100.0), 2);
        assert_eq!(pages_at(&[10.0, 40.0, 40.0], 100.0), 1);
        // 10 + 80 fills the first page, then 10 (repeated) + 80, then 10 + 80.
        assert_eq!(pages_at(&[10.0, 80.0, 80.0, 80.0], 100.0), 3);
        // A column wider than the page still takes one page.
        assert_eq!(pages_at(&[10.0, 300.0], 100.0), 1);
    }
}
