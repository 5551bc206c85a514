//! One cell of an imported sheet, as the readers hand it over and the value readers take it.

use chrono::NaiveDateTime;

/// A cell's value as the file holds it. Text is kept exactly as read; the value readers clean it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    /// Nothing in it.
    #[default]
    Empty,
    /// Text (every cell of a CSV file).
    Text(String),
    /// A number (Excel keeps dates typed as numbers too: the serial).
    Number(f64),
    /// A cell Excel formats as a date or time.
    DateTime(NaiveDateTime),
    /// TRUE / FALSE.
    Bool(bool),
    /// An error value such as `#N/A` or `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person reads it on screen: numbers without a trailing `.0`, dates as `YYYY-MM-DD`.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::DateTime(d) if d.time() == chrono::NaiveTime::MIN => d.date().to_string(),
            Cell::DateTime(d) => d.format("%Y-%m-%d %H:%M").to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// The cell as the import preview shows it: [`Cell::display`] cut to [`PREVIEW_CHARS`] characters with `…`
    /// (the whole value is still what is imported).
    pub fn preview(&self) -> String {
        cut_for_preview(self.display())
    }
}

/// `text` cut to [`PREVIEW_CHARS`] characters with an ellipsis, as the import preview shows a cell.
pub fn cut_for_preview(text: String) -> String {
    match text.char_indices().nth(PREVIEW_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// The most characters of a cell the import preview shows: a readable length for a table cell, and a page of rows
/// stays small however long the file's texts are.
pub const PREVIEW_CHARS: usize = 200;

/// A number as a spreadsheet shows it in a general cell: integers without a decimal point (a phone typed as a
/// number stays `13800138000`), others with as many decimals as they need.
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One sheet as read: `rows[i]` is the spreadsheet's row `i + 1` (leading empty rows kept, so row numbers match what
/// the file shows), merged cells already filled with their top-left value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// The sheet's name (a CSV file's name without its extension).
    pub name: String,
    /// The rows, each as wide as it was written (trailing empty cells may be missing).
    pub rows: Vec<Vec<Cell>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_a_spreadsheet_shows_them() {
        assert_eq!(format_number(13800138000.0), "13800138000");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(Cell::Number(0.1).display(), "0.1");
        assert!(Cell::Text("  ".into()).is_blank());
        assert!(!Cell::Number(0.0).is_blank());
    }
}
