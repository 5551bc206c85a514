//! The ledgers as CSV: UTF-8 with a byte-order mark (so Excel opens the Chinese right), RFC 4180 quoting and CRLF
//! line ends, ISO dates, 万元 written by [`format_wan`] (two decimals, more only when the amount needs them to stay
//! exact), and text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) written with a
//! leading `'`.

use std::io::Write;

use super::value::{looks_like_formula, Value};
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

/// Text as one CSV field: `'` first when it starts like a formula; quoted (inner quotes doubled) when it holds a
/// comma, a quote or a line break.
fn push_text(line: &mut Vec<u8>, text: &str) {
    let guard = looks_like_formula(text);
    let quoted = text.contains([',', '"', '\r', '\n']);
    if quoted {
        line.push(b'"');
    }
    if guard {
        line.push(b'\'');
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
        ]);
        assert_eq!(
            out,
            "名称,金额\r\n\"a,b\",12.50\r\n\"他说\"\"好\"\"\",0.0001\r\n'=1+2,\r\n\"'-5,6\",3\r\n\"两行\r\n文本\",2.5\r\n\
             2024-03-01,3\r\n"
        );
    }
}
