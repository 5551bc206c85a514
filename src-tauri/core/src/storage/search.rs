//! Substring search of the lists. The FTS5 trigram index (migration 0002) finds substrings of 3 or more characters
//! fast; it cannot match shorter ones, so 1–2 character queries (专利, 电池) fall back to an escaped `LIKE` over the
//! same columns. Either way the user's text is matched literally: FTS gets it as one quoted string (so `"`, `*`,
//! `-`, `OR` are plain text), LIKE gets `%`, `_` and `\` escaped.

use rusqlite::ToSql;

use crate::normalize::clean_text;

/// The searchable text of one table: its alias in the list query, its FTS table and the columns both index.
pub struct SearchTarget {
    /// The alias of the table in the list query, e.g. `e`.
    pub alias: &'static str,
    /// The FTS5 table over it.
    pub fts_table: &'static str,
    /// The indexed columns (also the columns the LIKE fallback reads).
    pub columns: &'static [&'static str],
}

/// The expert list: name, discipline, specialties, position and phone.
pub const EXPERTS: SearchTarget = SearchTarget {
    alias: "e",
    fts_table: "experts_fts",
    columns: &["name", "discipline", "specialties", "position", "phone"],
};

/// The enterprise list: name, main products, address and legal representative.
pub const ENTERPRISES: SearchTarget = SearchTarget {
    alias: "en",
    fts_table: "enterprises_fts",
    columns: &["name", "main_products", "address", "legal_representative"],
};

/// The shortest query the trigram index can answer.
pub const MIN_FTS_CHARS: usize = 3;

/// Whether `query` is answered by LIKE over every row rather than by the trigram index.
pub fn uses_like(query: &str) -> bool {
    query.chars().count() < MIN_FTS_CHARS
}

/// The user's query as an FTS5 string literal: the whole text in double quotes, inner quotes doubled.
pub fn fts_literal(query: &str) -> String {
    format!("\"{}\"", query.replace('"', "\"\""))
}

/// Escapes `%`, `_` and `\` so user text matches literally in a LIKE pattern with `ESCAPE '\'`.
pub fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The cleaned search text, or `None` when there is nothing to search for.
pub fn clean_query(raw: Option<&str>) -> Option<String> {
    raw.map(clean_text).filter(|s| !s.is_empty())
}

/// A SQL condition matching rows of `target` that contain `query` in one of its columns; pushes its arguments onto
/// `args` (numbered `?N` after those already there). Each of `extra` is one more alternative in which `?L` stands
/// for the escaped `%query%` LIKE pattern (the expert list matches the organisation name with it).
pub fn condition(target: &SearchTarget, query: &str, extra: &[&str], args: &mut Vec<Box<dyn ToSql>>) -> String {
    let mut alternatives = Vec::new();
    let like_n = |args: &mut Vec<Box<dyn ToSql>>| {
        args.push(Box::new(format!("%{}%", escape_like(query))));
        args.len()
    };
    if !uses_like(query) {
        args.push(Box::new(fts_literal(query)));
        alternatives.push(format!(
            "{a}.rowid IN (SELECT rowid FROM {t} WHERE {t} MATCH ?{n})",
            a = target.alias,
            t = target.fts_table,
            n = args.len()
        ));
        if !extra.is_empty() {
            let n = like_n(args);
            alternatives.extend(extra.iter().map(|e| e.replace("?L", &format!("?{n}"))));
        }
    } else {
        let n = like_n(args);
        alternatives.extend(target.columns.iter().map(|c| format!("{}.{c} LIKE ?{n} ESCAPE '\\'", target.alias)));
        alternatives.extend(extra.iter().map(|e| e.replace("?L", &format!("?{n}"))));
    }
    format!("({})", alternatives.join(" OR "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_quote_the_whole_query() {
        assert_eq!(fts_literal("锂电池"), "\"锂电池\"");
        assert_eq!(fts_literal("a\"b OR c*"), "\"a\"\"b OR c*\"");
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    #[test]
    fn short_queries_use_like_and_long_ones_fts() {
        let mut args = Vec::new();
        let short = condition(&ENTERPRISES, "专利", &[], &mut args);
        assert!(short.contains("LIKE ?1") && !short.contains("MATCH"), "{short}");
        let long = condition(&EXPERTS, "锂电池", &["o.name LIKE ?L"], &mut args);
        assert!(long.contains("MATCH ?2") && long.contains("o.name LIKE ?3"), "{long}");
        assert_eq!(args.len(), 3);
        assert_eq!(clean_query(Some(" \u{3000} ")), None);
    }
}
