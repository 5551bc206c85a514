//! 服务对象评价: the served enterprise's evaluation of one service record (满意 / 基本满意 / 不满意, who evaluated,
//! when, the opinion), and the summary of several (the detail pages, the 年度考核's satisfaction item).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Satisfaction;

/// The evaluation of a service record, as the form sends it and as it is stored: no satisfaction means not
/// evaluated (and then nothing else may be filled in). With a satisfaction the date is required (not in the future,
/// not before the record's first day); the evaluator and the opinion are optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Evaluation {
    /// 满意度; none: not evaluated.
    pub satisfaction: Option<Satisfaction>,
    /// 评价人: the enterprise's contact who evaluated.
    pub evaluator: Option<String>,
    /// 评价日期, `YYYY-MM-DD`.
    pub evaluated_on: Option<String>,
    /// 评价意见.
    pub evaluation_opinion: Option<String>,
}

impl Satisfaction {
    /// The weight of the answer in the weighted satisfaction: 满意 1, 基本满意 0.6, 不满意 0.
    pub fn weight(self) -> f64 {
        match self {
            Satisfaction::Satisfied => 1.0,
            Satisfaction::BasicallySatisfied => 0.6,
            Satisfaction::Dissatisfied => 0.0,
        }
    }
}

/// How a set of service records was evaluated: the counts per answer and the weighted satisfaction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationSummary {
    /// Records evaluated.
    pub evaluated: u32,
    /// 满意.
    pub satisfied: u32,
    /// 基本满意.
    pub basically_satisfied: u32,
    /// 不满意.
    pub dissatisfied: u32,
    /// The weighted satisfaction in percent (满意 1, 基本满意 0.6, 不满意 0, over the records evaluated), rounded to
    /// one decimal; none when nothing was evaluated (无评价).
    pub weighted_percent: Option<f64>,
}

impl EvaluationSummary {
    /// The summary of these counts (满意, 基本满意, 不满意).
    pub fn from_counts(satisfied: u32, basically_satisfied: u32, dissatisfied: u32) -> Self {
        let evaluated = satisfied + basically_satisfied + dissatisfied;
        let weighted = |n: u32, s: Satisfaction| f64::from(n) * s.weight();
        let weighted_percent = (evaluated > 0).then(|| {
            let score = weighted(satisfied, Satisfaction::Satisfied)
                + weighted(basically_satisfied, Satisfaction::BasicallySatisfied)
                + weighted(dissatisfied, Satisfaction::Dissatisfied);
            (score / f64::from(evaluated) * 1000.0).round() / 10.0
        });
        Self { evaluated, satisfied, basically_satisfied, dissatisfied, weighted_percent }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weighted_share_counts_basically_satisfied_as_six_tenths() {
        // 2 × 1 + 1 × 0.6 + 1 × 0 = 2.6 over 4 records = 65 %.
        let s = EvaluationSummary::from_counts(2, 1, 1);
        assert_eq!((s.evaluated, s.weighted_percent), (4, Some(65.0)));
        // 1 × 0.6 over 3 = 20 %; 2 of 3 satisfied = 66.666… → 66.7.
        assert_eq!(EvaluationSummary::from_counts(0, 1, 2).weighted_percent, Some(20.0));
        assert_eq!(EvaluationSummary::from_counts(2, 0, 1).weighted_percent, Some(66.7));
        assert_eq!(EvaluationSummary::from_counts(0, 0, 0).weighted_percent, None);
    }
}
