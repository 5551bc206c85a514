//! E-mail addresses.

use super::Invalid;
use crate::normalize::to_half_width;

/// Normalises (half-width, trimmed, domain lower-cased) and checks an e-mail address: one `@`, a local part, and a
/// domain of dot-separated labels of letters, digits and hyphens.
pub fn normalize_email(raw: &str) -> Result<String, Invalid> {
    let s = to_half_width(raw).trim().to_owned();
    let bad =
        || Invalid::new("电子邮箱格式不正确，如 name@example.com", "invalid e-mail address, e.g. name@example.com");
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    if local_ok && domain_ok {
        Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_addresses() {
        assert_eq!(normalize_email(" wang.li@ZJU.edu.CN ").as_deref(), Ok("wang.li@zju.edu.cn"));
        assert_eq!(normalize_email("ｌｉ＠ｑｑ．ｃｏｍ").as_deref(), Ok("li@qq.com"));
        assert!(normalize_email("a+b_c-d%e@mail-1.example.org").is_ok());
    }

    #[test]
    fn bad_addresses() {
        for raw in [
            "",
            "li",
            "li@",
            "@qq.com",
            "li@qq",
            "li@@qq.com",
            "li qq@qq.com",
            "li@qq..com",
            "li@-qq.com",
            "李@qq.com",
            "li@qq.c0m",
        ] {
            assert!(normalize_email(raw).is_err(), "{raw} should be refused");
        }
    }
}
