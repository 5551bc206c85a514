//! Print that can be read: every workbook the app writes, at its default settings (and the ledgers on A3 and with
//! their 打印列), prints its smallest font at 8 pt or larger. The scale is worked out from what the written file
//! says — its columns' widths, its rows' heights, its page setup and its fonts — through the same rule the writer
//! fits the pages by (`reporting::export::print`).

use std::io::Read;
use std::path::Path;

use ledger_core::model::*;
use ledger_core::reporting::export::print::{self, PageSetup, MIN_PRINT_PT};
use ledger_core::reporting::export::print_columns;
use ledger_core::sample::{generate, Scale};
use ledger_core::Ledger;

fn part(path: &Path, name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut text).unwrap();
    Some(text)
}

/// The value of `name="…"` in an XML tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..].split('"').next().unwrap().to_owned())
}

/// Each `<name …>` tag's text.
fn tags<'x>(xml: &'x str, name: &str) -> Vec<&'x str> {
    let open = format!("<{name} ");
    xml.match_indices(&open).map(|(at, _)| &xml[at..at + xml[at..].find('>').unwrap()]).collect()
}

/// A column letter's 1-based number.
fn column_number(letters: &str) -> usize {
    letters.bytes().take_while(u8::is_ascii_uppercase).fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1))
}

/// How one written sheet prints: its scale in percent, from its XML.
fn sheet_scale(xml: &str) -> (u16, PageSetup) {
    let dimension = attr(tags(xml, "dimension")[0], "ref").unwrap();
    let (first, last) = dimension.split_once(':').unwrap_or((&dimension, &dimension));
    let cols = column_number(last);
    let last_row: usize = last.trim_start_matches(|c: char| c.is_ascii_uppercase()).parse().unwrap();
    let first_row: usize = first.trim_start_matches(|c: char| c.is_ascii_uppercase()).parse().unwrap();
    // Widths as written (characters plus Excel's 5 pixels of padding), back to what set_column_width took;
    // Excel's default column (8.43) where none is written.
    let mut widths = vec![8.43; cols];
    for col in tags(xml, "col") {
        let width: f64 = attr(col, "width").unwrap().parse().unwrap();
        let chars = ((width * 7.0).round() - 5.0) / 7.0;
        let (min, max): (usize, usize) =
            (attr(col, "min").unwrap().parse().unwrap(), attr(col, "max").unwrap().parse().unwrap());
        for c in min..=max.min(cols) {
            widths[c - 1] = chars;
        }
    }
    let mut heights = vec![15.0; last_row + 1 - first_row.min(last_row)];
    for row in tags(xml, "row") {
        let r: usize = attr(row, "r").unwrap().parse().unwrap();
        if let (Some(ht), Some(slot)) = (attr(row, "ht"), heights.get_mut(r - first_row.min(r))) {
            *slot = ht.parse().unwrap();
        }
    }
    let setup_tag = tags(xml, "pageSetup")[0];
    let margins_tag = tags(xml, "pageMargins")[0];
    let margin = |side: &str| attr(margins_tag, side).unwrap().parse::<f64>().unwrap();
    let fits = xml.contains(r#"fitToPage="1""#);
    let number = |name: &str, default: u16| attr(setup_tag, name).map_or(default, |v| v.parse().unwrap());
    let setup = PageSetup {
        paper: print::paper_of_code(number("paperSize", 9) as u8),
        landscape: attr(setup_tag, "orientation").as_deref() == Some("landscape"),
        margins: [margin("left"), margin("right"), margin("top"), margin("bottom")],
        fit_wide: number("fitToWidth", 1),
        fit_tall: number("fitToHeight", 1),
    };
    let scale = if fits { print::fitted_scale(&widths, &heights, &setup) } else { number("scale", 100) };
    (scale, setup)
}

/// The smallest font size a workbook's cells use, in points.
fn smallest_font(path: &Path) -> f64 {
    let styles = part(path, "xl/styles.xml").unwrap();
    tags(&styles, "sz").iter().map(|t| attr(t, "val").unwrap().parse::<f64>().unwrap()).fold(f64::MAX, f64::min)
}

/// Every sheet of the workbook at `path` prints its smallest font at 8 pt or larger; returns (sheet, pt) of each.
fn assert_readable(path: &Path, what: &str) -> Vec<(usize, f64, PageSetup)> {
    let font = smallest_font(path);
    let mut printed = Vec::new();
    for n in 1.. {
        let Some(xml) = part(path, &format!("xl/worksheets/sheet{n}.xml")) else { break };
        let (scale, setup) = sheet_scale(&xml);
        let pt = font * f64::from(scale) / 100.0;
        assert!(pt >= MIN_PRINT_PT, "{what}, sheet {n}: {font} pt at {scale} % prints at {pt:.1} pt ({setup:?})");
        printed.push((n, pt, setup));
    }
    assert!(!printed.is_empty(), "{what}: no sheets");
    printed
}

fn sample() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    generate(ledger.database(), 7, Scale::Small, ledger_core::sample::FIXED_AS_OF).unwrap();
    (dir, ledger)
}

fn request(kind: ExportKind, period: &str) -> ExportRequest {
    ExportRequest {
        kind,
        format: ExportFormat::Xlsx,
        filter: ReportFilter {
            period: period.into(),
            region: None,
            organization_id: None,
            batch_id: None,
            origins: None,
            reviewed_only: None,
        },
        columns: None,
        include_full_id: false,
        paper: None,
    }
}

const LEDGERS: [ExportKind; 5] =
    [ExportKind::Roster, ExportKind::Enterprises, ExportKind::Visits, ExportKind::Services, ExportKind::Needs];

#[test]
fn every_workbook_prints_at_8_pt_or_larger_at_its_defaults() {
    let (dir, ledger) = sample();
    let out = |name: &str| dir.path().join(name);
    for kind in LEDGERS.into_iter().chain([
        ExportKind::Summary,
        ExportKind::Pairings,
        ExportKind::Assessment,
        ExportKind::AssessmentSheets,
    ]) {
        let path = out(&format!("{kind:?}.xlsx"));
        ledger.export(&request(kind, "2024"), &path, &mut |_, _| true).unwrap();
        for (n, _, setup) in assert_readable(&path, &format!("{kind:?}")) {
            assert_eq!(setup.paper, Paper::A4, "{kind:?} sheet {n}: A4 by default");
        }
    }
    // The printable forms: 服务确认单 and 走访记录表.
    let ids = |sql: &str| -> Vec<String> {
        ledger
            .database()
            .read(|c| {
                let mut stmt = c.prepare(sql)?;
                let ids = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
                Ok(ids)
            })
            .unwrap()
    };
    for (kind, sql) in [
        (FormKind::ServiceConfirmation, "SELECT id FROM service_records ORDER BY length(content) DESC LIMIT 3"),
        (FormKind::VisitRecord, "SELECT id FROM visits ORDER BY length(findings) DESC LIMIT 3"),
    ] {
        let path = out(&format!("{kind:?}.xlsx"));
        ledger.export_forms(&FormsRequest { kind, ids: ids(sql) }, &path, &mut |_, _| true).unwrap();
        assert_readable(&path, &format!("{kind:?}"));
    }
}

#[test]
fn a_ledger_on_a3_or_with_its_print_columns_prints_one_page_wide_and_larger() {
    let (dir, ledger) = sample();
    for kind in LEDGERS {
        let mut req = request(kind, "2024");
        let all = dir.path().join(format!("{kind:?}-a4.xlsx"));
        ledger.export(&req, &all, &mut |_, _| true).unwrap();
        assert_readable(&all, &format!("{kind:?} A4"));

        req.columns = Some(print_columns(kind));
        let printed = dir.path().join(format!("{kind:?}-print.xlsx"));
        ledger.export(&req, &printed, &mut |_, _| true).unwrap();
        let sheets = assert_readable(&printed, &format!("{kind:?} 打印列"));
        assert_eq!(sheets[0].2.fit_wide, 1, "{kind:?}: its print columns fit one A4 page wide");

        req.paper = Some(Paper::A3);
        let a3 = dir.path().join(format!("{kind:?}-a3.xlsx"));
        ledger.export(&req, &a3, &mut |_, _| true).unwrap();
        let xml = part(&a3, "xl/worksheets/sheet1.xml").unwrap();
        assert!(xml.contains(r#"paperSize="8""#) && xml.contains(r#"orientation="landscape""#), "{kind:?}");
        let sheets = assert_readable(&a3, &format!("{kind:?} 打印列 A3"));
        assert_eq!(sheets[0].2.paper, Paper::A3);
        assert!(sheets[0].1 >= 10.0, "{kind:?}: A3 prints the print columns at 10 pt or more: {}", sheets[0].1);
    }
}
