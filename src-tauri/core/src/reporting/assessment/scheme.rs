//! 考核办法: the default scheme, its validation, the scheme kept in 设置 (the `settings` table), and how an item's
//! figure becomes points.

use rusqlite::{Connection, OptionalExtension};

use crate::clock::Actor;
use crate::error::{CoreError, FieldError, Result};
use crate::model::{
    AssessmentItem, AssessmentRule, AssessmentScheme, AssessmentSource, AssessmentTier, Entity, Grade, GradeThresholds,
    GradeWording, SatisfactionWeights,
};
use crate::storage::audit::{self, AuditAction};

/// The key of the scheme in `settings` (JSON).
pub const SCHEME_KEY: &str = "assessment.scheme";

/// The most a total can be.
pub const MAX_TOTAL: f64 = 100.0;

/// The default scheme, as issue 14 states it (docs/ASSESSMENT.md): 服务天数 0.5 分/天 ≤ 40; 走访次数 1 分/次 ≤ 15;
/// 解决需求 5 分/项 ≤ 15; 合同金额 ≥ 100 万元 10, ≥ 50 万元 6, > 0 3; 服务对象满意度 the weighted share (满意 1,
/// 基本满意 0.6, 不满意 0) × 20; 加分/扣分 within ±10; 优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60; every record counts; no cap
/// on 优秀.
pub fn default_scheme() -> AssessmentScheme {
    let per_unit = |source, points_per_unit, cap| AssessmentItem {
        source,
        rule: AssessmentRule::PerUnit { points_per_unit, cap },
    };
    let tier = |threshold, inclusive, points| AssessmentTier { threshold, inclusive, points };
    AssessmentScheme {
        items: vec![
            per_unit(AssessmentSource::ServiceDays, 0.5, 40.0),
            per_unit(AssessmentSource::Visits, 1.0, 15.0),
            per_unit(AssessmentSource::NeedsSolved, 5.0, 15.0),
            AssessmentItem {
                source: AssessmentSource::ContractAmount,
                rule: AssessmentRule::Tiers {
                    tiers: vec![tier(100.0, true, 10.0), tier(50.0, true, 6.0), tier(0.0, false, 3.0)],
                },
            },
            per_unit(AssessmentSource::Satisfaction, 20.0, 20.0),
        ],
        satisfaction_weights: SatisfactionWeights { satisfied: 1.0, basically_satisfied: 0.6, dissatisfied: 0.0 },
        adjustment_limit: 10.0,
        thresholds: GradeThresholds { excellent: 90.0, good: 75.0, pass: 60.0 },
        wording: GradeWording::Qualified,
        reviewed_only: false,
        excellent_cap_percent: None,
    }
}

/// Rounds to two decimals, half away from zero (every point figure is kept so).
pub fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

impl AssessmentRule {
    /// The most the item gives: the cap, or the highest tier's points.
    pub fn cap(&self) -> f64 {
        match self {
            Self::PerUnit { cap, .. } => *cap,
            Self::Tiers { tiers } => tiers.iter().map(|t| t.points).fold(0.0, f64::max),
        }
    }

    /// The points of `figure`, rounded to two decimals: per unit up to the cap, or the highest tier reached.
    pub fn points(&self, figure: f64) -> f64 {
        round2(match self {
            Self::PerUnit { points_per_unit, cap } => (figure * points_per_unit).min(*cap).max(0.0),
            Self::Tiers { tiers } => tiers
                .iter()
                .filter(|t| if t.inclusive { figure >= t.threshold } else { figure > t.threshold })
                .map(|t| t.points)
                .fold(0.0, f64::max),
        })
    }
}

impl AssessmentScheme {
    /// The grade of a total by the thresholds (before any cap on 优秀).
    pub fn grade_of(&self, total: f64) -> Grade {
        let t = &self.thresholds;
        if total >= t.excellent {
            Grade::Excellent
        } else if total >= t.good {
            Grade::Good
        } else if total >= t.pass {
            Grade::Pass
        } else {
            Grade::Fail
        }
    }
}

/// A number as the scheme's words write it: no trailing zeros (`0.5`, `40`).
fn num(x: f64) -> String {
    let text = format!("{:.4}", x);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// What an item's figure counts, in words.
pub fn definition(source: AssessmentSource) -> &'static str {
    match source {
        AssessmentSource::ServiceDays => "开始日期在考核期间内的服务记录的服务天数之和",
        AssessmentSource::Visits => "走访日期在考核期间内、专员参加的走访次数",
        AssessmentSource::NeedsSolved => "对接该专员、在考核期间内进入“已解决”阶段的技术需求（每项只计一次）",
        AssessmentSource::ContractAmount => "开始日期在考核期间内的服务记录的合同金额之和",
        AssessmentSource::Satisfaction => "评价日期在考核期间内的服务对象评价",
    }
}

/// An item's rule in words: `0.5 分/天，最高 40 分`, `≥ 100 万元 10 分；≥ 50 万元 6 分；> 0 万元 3 分`, the
/// satisfaction share with its weights.
pub fn rule_text(item: &AssessmentItem, weights: &SatisfactionWeights) -> String {
    let unit = item.source.unit_zh();
    match (&item.rule, item.source) {
        (AssessmentRule::PerUnit { points_per_unit, cap }, AssessmentSource::Satisfaction) => format!(
            "满意率 × {}，最高 {} 分（满意率 = 满意 {}、基本满意 {}、不满意 {} 加权的评价比例；无评价记 0 分）",
            num(*points_per_unit),
            num(*cap),
            num(weights.satisfied),
            num(weights.basically_satisfied),
            num(weights.dissatisfied)
        ),
        (AssessmentRule::PerUnit { points_per_unit, cap }, _) => {
            format!("{} 分/{unit}，最高 {} 分", num(*points_per_unit), num(*cap))
        }
        (AssessmentRule::Tiers { tiers }, source) => {
            let mut sorted: Vec<&AssessmentTier> = tiers.iter().collect();
            sorted.sort_by(|a, b| b.threshold.total_cmp(&a.threshold).then(b.inclusive.cmp(&a.inclusive)));
            let shown = |t: f64| {
                if source == AssessmentSource::Satisfaction {
                    format!("{}%", num(t * 100.0))
                } else {
                    format!("{} {unit}", num(t))
                }
            };
            let parts: Vec<String> = sorted
                .iter()
                .map(|t| format!("{} {} {} 分", if t.inclusive { "≥" } else { ">" }, shown(t.threshold), num(t.points)))
                .collect();
            format!("{}（取达到的最高一档）", parts.join("；"))
        }
    }
}

/// The scheme in words, one (heading, text) line each: every item with its rule and what it counts, the
/// adjustments, the total, the grades, the cap on 优秀, which records count, who is assessed. The 考核办法 sheet and
/// docs/ASSESSMENT.md say the same.
pub fn describe(scheme: &AssessmentScheme) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String)> = scheme
        .items
        .iter()
        .map(|item| {
            let text = format!("{}。计：{}", rule_text(item, &scheme.satisfaction_weights), definition(item.source));
            (item.source.label_zh().to_owned(), text)
        })
        .collect();
    let limit = num(scheme.adjustment_limit);
    lines.push(("加分/扣分".into(), format!("逐项注明理由，合计在 ±{limit} 分以内")));
    lines.push(("总分".into(), "各项得分（每项保留两位小数）之和加减分，低于 0 记 0 分，高于 100 记 100 分".into()));
    let t = &scheme.thresholds;
    let w = scheme.wording;
    lines.push((
        "考核等次".into(),
        format!(
            "{} ≥ {} 分；{} ≥ {} 分；{} ≥ {} 分；{} < {} 分",
            Grade::Excellent.label(w),
            num(t.excellent),
            Grade::Good.label(w),
            num(t.good),
            Grade::Pass.label(w),
            num(t.pass),
            Grade::Fail.label(w),
            num(t.pass)
        ),
    ));
    lines.push((
        "优秀比例".into(),
        match scheme.excellent_cap_percent {
            None => "不限".into(),
            Some(p) => format!(
                "不超过参评人数的 {}%（向下取整）；超出时总分最低的几位（与之同分者一并）评为{}",
                num(p),
                Grade::Good.label(w)
            ),
        },
    ));
    lines.push((
        "统计口径".into(),
        if scheme.reviewed_only {
            "只统计审核已通过的走访记录和服务记录；回收站中的记录不计".into()
        } else {
            "统计全部走访记录和服务记录（不论审核状态）；回收站中的记录不计".into()
        },
    ));
    lines.push((
        "参评范围".into(),
        "考核期间内任何时候在岗的专员：服务期与考核期间重叠（未填服务期的按在岗状态），或有与之重叠的派驻/结对，\
         或在期间内有计分记录；没有记录的专员也列出，记 0 分"
            .into(),
    ));
    lines
}

/// Checks a scheme; every problem at once, each on its field (`items[1].rule.cap`, `thresholds.good` …).
pub fn validate(scheme: &AssessmentScheme) -> Result<()> {
    let mut errors = Vec::new();
    let mut error = |field: String, zh: String, en: String| errors.push(FieldError::new(&field, zh, en));
    let in_range = |x: f64, low: f64, high: f64| x.is_finite() && x >= low && x <= high;
    if scheme.items.is_empty() {
        error("items".into(), "考核办法至少要有一个考核项目".into(), "The scheme needs at least one item".into());
    }
    for (i, item) in scheme.items.iter().enumerate() {
        let name = item.source.label_zh();
        let code = item.source.code();
        if scheme.items[..i].iter().any(|other| other.source == item.source) {
            error(format!("items[{i}].source"), format!("“{name}”重复"), format!("The item {code} is listed twice"));
        }
        match &item.rule {
            AssessmentRule::PerUnit { points_per_unit, cap } => {
                if !in_range(*points_per_unit, 0.0, MAX_TOTAL) || *points_per_unit == 0.0 {
                    error(
                        format!("items[{i}].rule.pointsPerUnit"),
                        format!("“{name}”的每单位分值应大于 0 且不超过 100"),
                        format!("The points per unit of {code} must be above 0 and at most 100"),
                    );
                }
                if !in_range(*cap, 0.0, MAX_TOTAL) || *cap == 0.0 {
                    error(
                        format!("items[{i}].rule.cap"),
                        format!("“{name}”的上限应大于 0 且不超过 100"),
                        format!("The cap of {code} must be above 0 and at most 100"),
                    );
                }
            }
            AssessmentRule::Tiers { tiers } => {
                if tiers.is_empty() {
                    error(
                        format!("items[{i}].rule.tiers"),
                        format!("“{name}”至少要有一档"),
                        format!("{code} needs at least one tier"),
                    );
                }
                for (j, tier) in tiers.iter().enumerate() {
                    if !in_range(tier.threshold, 0.0, 1e9) {
                        error(
                            format!("items[{i}].rule.tiers[{j}].threshold"),
                            format!("“{name}”第 {} 档的门槛应为不小于 0 的数", j + 1),
                            format!("Tier {} of {code} needs a threshold of 0 or more", j + 1),
                        );
                    }
                    if !in_range(tier.points, 0.0, MAX_TOTAL) || tier.points == 0.0 {
                        error(
                            format!("items[{i}].rule.tiers[{j}].points"),
                            format!("“{name}”第 {} 档的分值应大于 0 且不超过 100", j + 1),
                            format!("Tier {} of {code} must give above 0 and at most 100 points", j + 1),
                        );
                    }
                }
            }
        }
    }
    let w = &scheme.satisfaction_weights;
    for (field, label, weight) in [
        ("satisfied", "满意", w.satisfied),
        ("basicallySatisfied", "基本满意", w.basically_satisfied),
        ("dissatisfied", "不满意", w.dissatisfied),
    ] {
        if !in_range(weight, 0.0, 1.0) {
            error(
                format!("satisfactionWeights.{field}"),
                format!("“{label}”的权重应在 0 到 1 之间"),
                format!("The weight of {field} must be between 0 and 1"),
            );
        }
    }
    if !in_range(scheme.adjustment_limit, 0.0, MAX_TOTAL) {
        error(
            "adjustmentLimit".into(),
            "加分/扣分上限应在 0 到 100 之间".into(),
            "The adjustment limit must be between 0 and 100".into(),
        );
    }
    let t = &scheme.thresholds;
    for (field, label, value) in
        [("excellent", "优秀", t.excellent), ("good", "良好", t.good), ("pass", "合格", t.pass)]
    {
        if !in_range(value, 0.0, MAX_TOTAL) {
            error(
                format!("thresholds.{field}"),
                format!("“{label}”的分数线应在 0 到 100 之间"),
                format!("The threshold of {field} must be between 0 and 100"),
            );
        }
    }
    if !(t.pass < t.good && t.good < t.excellent) {
        error(
            "thresholds".into(),
            "分数线应从高到低排列：优秀 > 良好 > 合格".into(),
            "The thresholds must fall from excellent over good to pass".into(),
        );
    }
    if let Some(cap) = scheme.excellent_cap_percent {
        if !in_range(cap, 0.0, 100.0) || cap == 0.0 {
            error(
                "excellentCapPercent".into(),
                "优秀比例上限应大于 0% 且不超过 100%".into(),
                "The cap on the share of excellent must be above 0 % and at most 100 %".into(),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Validation(errors))
    }
}

/// The scheme in 设置, or the default when none was saved.
pub fn current(conn: &Connection) -> Result<AssessmentScheme> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([SCHEME_KEY], |r| r.get(0))
        .optional()?;
    match stored {
        None => Ok(default_scheme()),
        Some(json) => from_json(&json),
    }
}

/// A scheme read back from its JSON.
pub fn from_json(json: &str) -> Result<AssessmentScheme> {
    serde_json::from_str(json).map_err(|e| CoreError::CorruptValue(format!("assessment scheme: {e}")))
}

/// A scheme as JSON.
pub fn to_json(scheme: &AssessmentScheme) -> Result<String> {
    serde_json::to_string(scheme).map_err(|e| CoreError::CorruptValue(format!("assessment scheme: {e}")))
}

/// Validates and saves the scheme in 设置 inside the caller's transaction, with an audit entry (entity `settings`, id
/// `assessment_scheme`) when it changed. Periods keep the copy they were made with.
pub fn save(conn: &Connection, actor: &Actor, scheme: &AssessmentScheme) -> Result<AssessmentScheme> {
    validate(scheme)?;
    let before = current(conn)?;
    if &before != scheme {
        conn.prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute([SCHEME_KEY, &to_json(scheme)?])?;
        audit::record(
            conn,
            actor,
            AuditAction::Update,
            Entity::Settings,
            "assessment_scheme",
            Some(&before),
            Some(scheme),
        )?;
    }
    Ok(scheme.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scheme_is_valid_and_scores_as_the_issue_says() {
        let s = default_scheme();
        validate(&s).unwrap();
        let rule = |source| &s.items.iter().find(|i| i.source == source).unwrap().rule;
        let days = rule(AssessmentSource::ServiceDays);
        assert_eq!((days.points(13.5), days.points(80.0), days.points(200.0), days.cap()), (6.75, 40.0, 40.0, 40.0));
        let contract = rule(AssessmentSource::ContractAmount);
        let points: Vec<f64> =
            [0.0, 0.01, 49.99, 50.0, 99.99, 100.0, 1e4].iter().map(|&f| contract.points(f)).collect();
        assert_eq!(points, [0.0, 3.0, 3.0, 6.0, 6.0, 10.0, 10.0]);
        assert_eq!(contract.cap(), 10.0);
        let satisfaction = rule(AssessmentSource::Satisfaction);
        assert_eq!((satisfaction.points(2.6 / 3.0), satisfaction.points(1.0)), (17.33, 20.0));
        assert_eq!(
            [95.0, 90.0, 89.99, 75.0, 60.0, 59.99, 0.0].map(|t| s.grade_of(t)),
            [Grade::Excellent, Grade::Excellent, Grade::Good, Grade::Good, Grade::Pass, Grade::Fail, Grade::Fail]
        );
    }

    #[test]
    fn a_bad_scheme_names_each_problem() {
        let mut s = default_scheme();
        s.items.push(s.items[0].clone());
        s.items[1].rule = AssessmentRule::PerUnit { points_per_unit: 0.0, cap: 101.0 };
        s.items[3].rule =
            AssessmentRule::Tiers { tiers: vec![AssessmentTier { threshold: -1.0, inclusive: true, points: 0.0 }] };
        s.satisfaction_weights.basically_satisfied = 1.5;
        s.adjustment_limit = f64::NAN;
        s.thresholds.good = 95.0;
        s.excellent_cap_percent = Some(0.0);
        let fields: Vec<String> = validate(&s).unwrap_err().fields().into_iter().map(|f| f.field).collect();
        assert_eq!(
            fields,
            [
                "items[1].rule.pointsPerUnit",
                "items[1].rule.cap",
                "items[3].rule.tiers[0].threshold",
                "items[3].rule.tiers[0].points",
                "items[5].source",
                "satisfactionWeights.basicallySatisfied",
                "adjustmentLimit",
                "thresholds",
                "excellentCapPercent",
            ]
        );
    }
}
