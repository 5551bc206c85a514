//! Filling the sentence templates of [`super::vocab`] and writing 万元 amounts.

use std::fmt::Write;

/// The values of a template's placeholders.
pub struct Slots<'a> {
    /// `{产品}`: a product of the enterprise.
    pub product: &'a str,
    /// `{方向}`: a specialty of the discipline.
    pub topic: &'a str,
    /// `{问题}`: a production problem.
    pub problem: &'a str,
    /// `{单位}`: the expert's organisation.
    pub org: &'a str,
    /// `{数}`: a number.
    pub number: u32,
}

/// Appends `template` with its placeholders filled to `out`.
pub fn render(out: &mut String, template: &str, slots: &Slots<'_>) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open + 1..];
        let close = tail.find('}').expect("closed placeholder");
        match &tail[..close] {
            "产品" => out.push_str(slots.product),
            "方向" => out.push_str(slots.topic),
            "问题" => out.push_str(slots.problem),
            "单位" => out.push_str(slots.org),
            "数" => write!(out, "{}", slots.number).expect("write to String"),
            other => unreachable!("unknown placeholder {other}"),
        }
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
}

/// Appends an amount of fen as 万元 with two decimals (`35.60`).
pub fn push_wan(out: &mut String, fen: i64) {
    write!(out, "{}.{:02}", fen / 1_000_000, fen % 1_000_000 / 10_000).expect("write to String");
}

#[cfg(test)]
mod tests {
    use super::super::vocab;
    use super::*;

    #[test]
    fn every_template_renders() {
        let slots = Slots {
            product: "注塑模具", topic: "精密模具", problem: "良品率偏低", org: "宁波大学", number: 3
        };
        let lists: [&[&str]; 11] = [
            vocab::VISIT_PURPOSES,
            vocab::VISIT_FINDINGS,
            vocab::VISIT_NEXT_STEPS,
            vocab::NEED_ORIGINALS,
            vocab::NEED_PROBLEMS,
            vocab::NEED_KEY_TECHS,
            vocab::PLAIN_OUTCOMES,
            vocab::SHELVE_NOTES,
            &vocab::NEED_TITLES.concat(),
            &vocab::SERVICE_CONTENTS.concat(),
            &vocab::NEED_TARGETS.iter().map(|t| t.0).collect::<Vec<_>>(),
        ];
        for template in lists.iter().flat_map(|l| l.iter()) {
            let mut out = String::new();
            render(&mut out, template, &slots);
            assert!(!out.contains('{') && !out.contains('}'), "{out}");
        }
    }

    #[test]
    fn wan_has_two_decimals() {
        let mut out = String::new();
        push_wan(&mut out, 35_600_000);
        out.push(' ');
        push_wan(&mut out, 50 * 10_000 * 100);
        assert_eq!(out, "35.60 50.00");
    }
}
