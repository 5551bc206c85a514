//! A CSV file as Excel, WPS and other programs save it: the encoding told from the bytes (a BOM, UTF-8, BOM-less
//! UTF-16, else GB18030), the delimiter from the first lines, then RFC 4180 records.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// The delimiters recognised, in the order preferred on a tie.
const DELIMITERS: [char; 3] = [',', '\t', ';'];

/// Decodes a text file, returning the text (without a BOM) and the encoding's name (`UTF-8`, `UTF-16LE`,
/// `UTF-16BE` or `GB18030`). Never guesses a single-byte encoding: bytes that are not UTF-8 are read as GB18030 (a
/// superset of GBK and GB2312, what Chinese Windows saves as "ANSI").
pub(super) fn decode(bytes: &[u8]) -> (String, &'static str) {
    let (encoding, rest): (&'static Encoding, &[u8]) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, &bytes[bom..]),
        None => (unmarked_encoding(bytes), bytes),
    };
    let name = if encoding == GB18030 { "GB18030" } else { encoding.name() };
    (encoding.decode_without_bom_handling(rest).0.into_owned(), name)
}

/// The encoding of bytes without a BOM: UTF-16 when NUL bytes fill one of the two byte positions (ASCII in UTF-16;
/// a text file in any other encoding has no NUL), UTF-8 when the bytes are UTF-8 (a sequence cut off at the very end
/// allowed), else GB18030.
fn unmarked_encoding(bytes: &[u8]) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    let nul_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (nul_at(0), nul_at(1));
    if pairs > 0 && odd * 8 >= pairs && odd > 4 * even {
        return UTF_16LE;
    }
    if pairs > 0 && even * 8 >= pairs && even > 4 * odd {
        return UTF_16BE;
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => UTF_8,
        Err(e) if e.error_len().is_none() => UTF_8,
        Err(_) => GB18030,
    }
}

/// Whether decoded text looks like binary data (a PDF or an image renamed to `.csv`): any NUL, or more than one
/// character in twenty that is a control character or could not be decoded.
pub(super) fn looks_binary(text: &str) -> bool {
    let (mut total, mut bad) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c == char::REPLACEMENT_CHARACTER || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1a')) {
            bad += 1;
        }
    }
    bad * 20 > total
}

/// The delimiter of a CSV text: the one of comma, tab and semicolon found most often outside quotes in the first 20
/// lines (comma when none is found). Excel's "Unicode text" is tab-separated, some European locales use semicolons.
pub(super) fn detect_delimiter(text: &str) -> char {
    let mut counts = [0usize; DELIMITERS.len()];
    let (mut in_quotes, mut lines) = (false, 0);
    for c in text.chars().take(1 << 16) {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' if !in_quotes => {
                lines += 1;
                if lines == 20 {
                    break;
                }
            }
            _ if !in_quotes => {
                if let Some(i) = DELIMITERS.iter().position(|d| *d == c) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for (i, count) in counts.iter().enumerate() {
        if *count > counts[best] {
            best = i;
        }
    }
    DELIMITERS[best]
}

/// The records of a CSV text (RFC 4180): fields split on the delimiter; a field that starts with `"` runs to the
/// next lone `"` and may hold delimiters, doubled quotes (`""` → `"`) and line breaks (kept as `\n`); records end at
/// CRLF, LF or CR. Text after a closing quote is kept, as Excel does. A quote never closed is an error carrying the
/// line it opened on (1-based), since it would swallow the rest of the file into one cell.
pub(super) struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: char,
}

impl<'a> Records<'a> {
    /// Records of `text` split on `delimiter`.
    pub(super) fn new(text: &'a str, delimiter: char) -> Self {
        Records { text, pos: 0, line: 1, delimiter }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<Vec<String>, usize>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let mut chars = self.text[self.pos..].char_indices().peekable();
        let (mut fields, mut field) = (Vec::new(), String::new());
        let (mut field_start, mut quoted, mut quote_line) = (true, false, self.line);
        while let Some((_, c)) = chars.next() {
            let line_break = c == '\n' || c == '\r';
            if line_break {
                if c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
                    chars.next();
                }
                self.line += 1;
            }
            if quoted {
                match c {
                    '"' if chars.peek().is_some_and(|(_, n)| *n == '"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    _ if line_break => field.push('\n'),
                    _ => field.push(c),
                }
            } else if line_break {
                fields.push(field);
                self.pos += chars.peek().map_or(self.text.len() - self.pos, |(next, _)| *next);
                return Some(Ok(fields));
            } else if c == '"' && field_start {
                quoted = true;
                quote_line = self.line;
                field_start = false;
            } else if c == self.delimiter {
                fields.push(std::mem::take(&mut field));
                field_start = true;
            } else {
                field.push(c);
                field_start = false;
            }
        }
        self.pos = self.text.len();
        if quoted {
            return Some(Err(quote_line));
        }
        fields.push(field);
        Some(Ok(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn records(text: &str) -> Vec<Vec<String>> {
        Records::new(text, detect_delimiter(text)).map(|r| r.unwrap()).collect()
    }

    #[test]
    fn quoted_fields_hold_delimiters_quotes_and_line_breaks() {
        let text = "名称,备注\r\n\"甲公司,有限\",\"说\"\"好\"\"的\"\n\"两行\r\n文字\",x\rlast,\"\"";
        assert_eq!(
            records(text),
            vec![vec!["名称", "备注"], vec!["甲公司,有限", "说\"好\"的"], vec!["两行\n文字", "x"], vec!["last", ""],]
        );
    }

    #[test]
    fn a_final_line_break_makes_no_extra_record_and_empty_lines_are_kept() {
        assert_eq!(records("a,b\n\nc,d\n"), vec![vec!["a", "b"], vec![""], vec!["c", "d"]]);
        assert!(records("").is_empty());
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_its_line() {
        let result: Vec<_> = Records::new("a,b\nc,\"d\ne\nf", ',').collect();
        assert_eq!(result, vec![Ok(vec!["a".to_owned(), "b".to_owned()]), Err(2)]);
    }

    #[test]
    fn text_after_a_closing_quote_and_quotes_inside_a_field_are_kept() {
        assert_eq!(records("\"ab\"c,5\"屏\n"), vec![vec!["abc", "5\"屏"]]);
    }

    #[test]
    fn the_delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(detect_delimiter("a\tb\tc\n\"x,y,z,w\"\t2\t3\n"), '\t');
        assert_eq!(detect_delimiter("a;b;c\n1;2,5;3\n"), ';');
        assert_eq!(detect_delimiter("标题\n"), ',');
    }

    #[test]
    fn encodings_are_told_from_the_bytes() {
        let text = "姓名,单位\n张三,农科院\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk), (text.to_owned(), "GB18030"));
        assert_eq!(decode(text.as_bytes()), (text.to_owned(), "UTF-8"));
        let utf16le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&utf16le), (text.to_owned(), "UTF-16LE"));
        let utf16be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&utf16be), (text.to_owned(), "UTF-16BE"));
        let mut cut = text.as_bytes().to_vec();
        cut.pop();
        cut.pop(); // inside the last 院
        assert_eq!(decode(&cut).1, "UTF-8");
    }

    #[test]
    fn binary_data_is_told_from_text() {
        assert!(looks_binary("%PDF-1.7\0\u{1}\u{2}"));
        assert!(!looks_binary("姓名,单位\r\n张三,农科院\n\u{1a}"));
        assert!(looks_binary(&"\u{fffd}\u{3}x".repeat(10)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn parsing_never_panics(text in any::<String>(), delimiter in prop::sample::select(DELIMITERS.to_vec())) {
            let _ = detect_delimiter(&text);
            for record in Records::new(&text, delimiter) {
                let _ = record;
            }
        }

        #[test]
        fn csv_like_text_never_panics(text in "[a-c,;\t\"\r\n 张]{0,64}") {
            let delimiter = detect_delimiter(&text);
            let count = Records::new(&text, delimiter).count();
            prop_assert!(count <= text.len());
        }

        #[test]
        fn decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let (text, _) = decode(&bytes);
            let _ = looks_binary(&text);
        }

        #[test]
        fn simple_fields_round_trip(rows in prop::collection::vec(prop::collection::vec("[^\"\r\n,]{0,6}", 1..5), 1..6)) {
            let text: String = rows.iter().map(|r| r.join(",") + "\r\n").collect();
            let parsed: Vec<Vec<String>> = Records::new(&text, ',').map(|r| r.unwrap()).collect();
            prop_assert_eq!(parsed, rows);
        }
    }
}
