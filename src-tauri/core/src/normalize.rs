//! Input normalisation applied before validation: full-width ASCII to half-width, ideographic spaces to spaces,
//! trimmed ends and single inner spaces.

/// Full-width ASCII forms (U+FF01–U+FF5E) become their half-width letters, digits and signs; the ideographic space
/// (U+3000) becomes a plain space. Everything else is kept.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            other => other,
        })
        .collect()
}

/// Half-width, trimmed, with every run of whitespace folded to one space.
pub fn clean_text(s: &str) -> String {
    to_half_width(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`clean_text`] for an optional field: blank becomes `None`.
pub fn clean_optional(s: Option<&str>) -> Option<String> {
    s.map(clean_text).filter(|t| !t.is_empty())
}

/// Free text that may run over several lines (findings, next steps, notes): full-width digits and letters become
/// half-width, line breaks become `\n`, each line loses its trailing spaces and the whole text its blank ends; Chinese
/// punctuation (，：（）), inner spacing and paragraphs are kept as typed. Blank becomes `None`.
pub fn clean_multiline(s: Option<&str>) -> Option<String> {
    let s = s?;
    let half: String = s
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            other => other,
        })
        .collect();
    let unix = half.replace("\r\n", "\n").replace('\r', "\n");
    let text = unix.split('\n').map(str::trim_end).collect::<Vec<_>>().join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A person's name: cleaned, and spaces between two CJK characters removed ("张 三" → "张三"), since people pad
/// two-character names to line them up with three-character ones.
pub fn clean_person_name(s: &str) -> String {
    let cleaned = clean_text(s);
    let chars: Vec<char> = cleaned.chars().collect();
    let mut out = String::with_capacity(cleaned.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() && is_cjk(chars[i - 1]) && is_cjk(chars[i + 1]) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether a character is a CJK ideograph (the ranges Chinese names and text use).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The key two enterprise names are "similar" by: [`clean_text`], then without spaces and brackets, and without a
/// 股份有限公司 / 有限责任公司 / 有限公司 suffix. Migration 0002's `enterprises.name_key` column computes the same
/// from a stored (already cleaned) name.
pub fn company_name_key(name: &str) -> String {
    let bare: String = clean_text(name)
        .chars()
        .filter(|c| !matches!(c, ' ' | '(' | ')' | '[' | ']' | '【' | '】' | '（' | '）'))
        .collect();
    for suffix in ["股份有限公司", "有限责任公司", "有限公司"] {
        if let Some(stem) = bare.strip_suffix(suffix) {
            return stem.to_owned();
        }
    }
    bare
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_becomes_half_width() {
        assert_eq!(to_half_width("１３８００１３８０００"), "13800138000");
        assert_eq!(to_half_width("ＡＢＣ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "ABC@example.com");
        assert_eq!(to_half_width("中\u{3000}文"), "中 文");
    }

    #[test]
    fn clean_text_trims_and_folds_spaces() {
        assert_eq!(clean_text("  材料\u{3000}\u{3000}科学 \t与工程 "), "材料 科学 与工程");
        assert_eq!(clean_optional(Some(" \u{3000} ")), None);
        assert_eq!(clean_optional(Some(" 教授 ")), Some("教授".to_owned()));
    }

    #[test]
    fn company_name_keys_ignore_spaces_brackets_width_and_the_legal_form() {
        assert_eq!(company_name_key("杭州 海康（威视）数字技术股份有限公司"), "杭州海康威视数字技术");
        assert_eq!(company_name_key("杭州海康威视数字技术有限公司"), "杭州海康威视数字技术");
        assert_eq!(company_name_key("【杭州】海康威视数字技术有限责任公司"), "杭州海康威视数字技术");
        assert_eq!(company_name_key("ＡＢＣ科技"), "ABC科技");
        assert_ne!(company_name_key("杭州海康威视"), company_name_key("杭州海康"));
    }

    #[test]
    fn multiline_text_keeps_punctuation_and_paragraphs() {
        assert_eq!(
            clean_multiline(Some("  企业反映：良率低，需改进（ＡＢ线）\r\n\r\n　　第二段 Ｎｏ.１２  \n\n")).as_deref(),
            Some("企业反映：良率低，需改进（AB线）\n\n　　第二段 No.12")
        );
        assert_eq!(clean_multiline(Some(" \u{3000}\r\n ")), None);
        assert_eq!(clean_multiline(None), None);
    }

    #[test]
    fn person_names_lose_padding_between_chinese_characters() {
        assert_eq!(clean_person_name(" 张　三 "), "张三");
        assert_eq!(clean_person_name("John  Smith"), "John Smith");
        assert_eq!(clean_person_name("阿依古丽·买买提"), "阿依古丽·买买提");
    }
}
