//! The ledgers as CSV: UTF-8 with a byte-order mark (so Excel opens the Chinese right), RFC 4180 quoting and CRLF
//! line ends, ISO dates, 万元 written by [`format_wan`] (two decimals, more only when the amount needs them to stay
//! exact), and text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` half- or full-width, tab, CR, LF
//! first: [`looks_like_formula`]) written with a leading `'`.
//!
//! Text Excel would read as a number and change ([`looks_like_long_number`]: an ID number, 12 or more digits, digits
//! with a leading zero) is written with a leading tab: Excel then keeps the cell as text, every digit, and the tab is
//! invisible. `="…"` would keep it too, but it is itself a formula — what the guard above exists to prevent — and a
//! leading `'` shows in the cell when a CSV is opened. The app's import strips the tab (it trims every cell).

use std::io::Write;

use super::value::{looks_like_formula, looks_like_long_number, Value};
use crate::error::Result;
use crate::money::format_wan;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV file being written, row by row.
pub struct CsvWriter<W: Write> {
    out: W,
    line: Vec<u8>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts the file: the byte-order mark and the header row.
    pub fn new(mut out: W, headers: &[&str]) -> Result<Self> {
        out.write_all(BOM)?;
        let mut writer = Self { out, line: Vec::with_capacity(1024) };
        let cells: Vec<Value<'_>> = headers.iter().map(|h| Value::Text((*h).into())).collect();
        writer.write_row(&cells)?;
        Ok(writer)
    }

    /// Writes one row.
    pub fn write_row(&mut self, values: &[Value<'_>]) -> Result<()> {
        self.line.clear();
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.line.push(b',');
            }
            match value {
                Value::Blank => {}
                Value::Text(text) => push_text(&mut self.line, text),
                Value::Date(day) => push_text(&mut self.line, day),
                Value::Number(n) => write!(self.line, "{n}")?,
                Value::Wan(fen) => self.line.extend_from_slice(format_wan(*fen).as_bytes()),
                Value::Count(n) => write!(self.line, "{n}")?,
            }
        }
        self.line.extend_from_slice(b"\r\n");
        self.out.write_all(&self.line)?;
        Ok(())
    }

    /// Flushes and returns the output.
    pub fn finish(mut self) -> Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Text as one CSV field: `'` first when it starts like a formula, a tab first when it reads as a number Excel would
/// change; quoted (inner quotes doubled) when it holds a comma, a quote or a line break.
fn push_text(line: &mut Vec<u8>, text: &str) {
    let quoted = text.contains([',', '"', '\r', '\n']);
    if quoted {
        line.push(b'"');
    }
    if looks_like_formula(text) {
        line.push(b'\'');
    } else if looks_like_long_number(text) {
        line.push(b'\t');
    }
    for b in text.bytes() {
        if b == b'"' {
            line.push(b'"');
        }
        line.push(b);
    }
    if quoted {
        line.push(b'"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: &[Vec<Value<'_>>]) -> String {
        let mut w = CsvWriter::new(Vec::new(), &["名称", "金额"]).unwrap();
        for row in rows {
            w.write_row(row).unwrap();
        }
        let bytes = w.finish().unwrap();
        assert!(bytes.starts_with(BOM));
        String::from_utf8(bytes[3..].to_vec()).unwrap()
    }

    #[test]
    fn quoting_and_guarding() {
        let text = |s: &'static str| Value::Text(s.into());
        let out = csv(&[
            vec![text("a,b"), Value::Wan(12_500_000)],
            vec![text("他说\"好\""), Value::Wan(100)],
            vec![text("=1+2"), Value::Blank],
            vec![text("-5,6"), Value::Count(3)],
            vec![text("两行\r\n文本"), Value::Number(2.5)],
            vec![Value::Date("2024-03-01"), Value::Number(3.0)],
            vec![text("＝1+2"), text("\n=1")],
            vec![text("11010519491231002X"), text("0571")],
            vec![text("13800138000"), Value::Count(110105194912310021)],
        ]);
        assert_eq!(
            out,
            "名称,金额\r\n\"a,b\",12.50\r\n\"他说\"\"好\"\"\",0.0001\r\n'=1+2,\r\n\"'-5,6\",3\r\n\"两行\r\n文本\",2.5\r\n\
             2024-03-01,3\r\n'＝1+2,\"'\n=1\"\r\n\t11010519491231002X,\t0571\r\n13800138000,110105194912310021\r\n"
        );
    }
}
