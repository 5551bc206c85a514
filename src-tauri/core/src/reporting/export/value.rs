//! What a cell of an exported table holds, and how wide it shows: shared by the Excel and the CSV writers.

use std::borrow::Cow;

/// How a column's cells are written: text, a real date, a number, 万元 from fen, or a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Text, written as a string cell that stays text.
    Text,
    /// A `YYYY-MM-DD` day, written as an Excel date (yyyy-mm-dd).
    Date,
    /// A decimal number (service days), summed in the totals row.
    Number,
    /// An amount in 万元 with two decimals, exact from fen, summed in the totals row.
    Wan,
    /// A whole count, summed in the totals row.
    Count,
    /// Points (分) with two decimals (年度考核), summed in the totals row.
    Score,
    /// 序号, the row's number from 1, written as a whole number; never summed, and the 合计 label goes beside it.
    Serial,
}

impl CellKind {
    /// Whether the totals row sums the column.
    pub fn is_summed(self) -> bool {
        matches!(self, Self::Number | Self::Wan | Self::Count | Self::Score)
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Nothing (a blank cell; an empty CSV field).
    Blank,
    /// Text as it is to be shown.
    Text(Cow<'a, str>),
    /// A day, `YYYY-MM-DD`.
    Date(&'a str),
    /// A decimal number.
    Number(f64),
    /// An amount in fen, shown in 万元.
    Wan(i64),
    /// A whole number.
    Count(i64),
}

impl<'a> From<&'a str> for Value<'a> {
    /// Text as it is to be shown.
    fn from(text: &'a str) -> Self {
        Self::Text(Cow::Borrowed(text))
    }
}

/// The width of text in a spreadsheet column, in character widths: a CJK or full-width character counts 2, any
/// other 1; for text over several lines, its widest line.
pub fn display_width(text: &str) -> usize {
    text.split('\n').map(|line| line.chars().map(char_width).sum()).max().unwrap_or(0)
}

fn char_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// Whether a spreadsheet would read the text as a formula or a command (`=`, `+`, `-`, `@` first, half- or
/// full-width — an input method may turn `＝` into `=` — or a tab, carriage return or line feed first): such text is
/// written so that it stays text.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠', '\t', '\r', '\n'])
}

/// Whether a spreadsheet would read the text as a number and change it: 12 or more digits (shown as `1.10105E+17`,
/// and past 15 digits rounded for good — ID numbers, long account numbers), an ID number ending in `X` (read as text
/// already, but kept with its kin), or digits with a leading zero (the zero dropped). Such text is written so that
/// it stays text.
pub fn looks_like_long_number(text: &str) -> bool {
    let digits = text.strip_suffix(['X', 'x']).unwrap_or(text);
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    all_digits && (digits.len() >= 12 || (digits.len() >= 2 && digits.starts_with('0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("浙江大学"), 8);
        assert_eq!(display_width("ＡＢ、（1）"), 11);
        assert_eq!(display_width("第一行\nsecond line"), 11);
        assert_eq!(display_width(""), 0);
    }

    #[test]
    fn formula_starts() {
        for text in ["=SUM(A1)", "+86", "-1", "@cmd", "\tx", "\rx"] {
            assert!(looks_like_formula(text), "{text:?}");
        }
        for text in ["＝SUM(A1)", "＋86", "－1", "＠cmd", "\nx", "\r\n=1"] {
            assert!(looks_like_formula(text), "full-width and line breaks: {text:?}");
        }
        for text in ["SUM", " =x", "1-2", "电话=1", "", "（＝）"] {
            assert!(!looks_like_formula(text), "{text:?}");
        }
    }

    #[test]
    fn long_numbers_and_leading_zeros() {
        for text in ["110105194912310021", "11010519491231002X", "6222021234567890123", "123456789012", "0571", "007"] {
            assert!(looks_like_long_number(text), "{text:?}");
        }
        for text in ["13800138000", "0", "0.5", "0571-88886666", "110105********002X", "91330100MA2B3C4D5E", "X", ""] {
            assert!(!looks_like_long_number(text), "{text:?}");
        }
    }
}
