//! 年度考核: the scheme (考核办法), assessment periods, each expert's score sheet with its adjustments, 自评 and
//! 派出单位意见, and the stored results (docs/ASSESSMENT.md).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Stamps;

/// Where an item's figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentSource {
    /// 服务天数: the days of the expert's service records starting in the period.
    ServiceDays,
    /// 走访次数: the visits dated in the period that the expert took part in.
    Visits,
    /// 解决需求: needs matched to the expert that reached 已解决 in the period.
    NeedsSolved,
    /// 合同金额 (万元) of the expert's service records starting in the period.
    ContractAmount,
    /// 服务对象满意度: the weighted share of the period's evaluations (0..1).
    Satisfaction,
}

impl AssessmentSource {
    /// Every source, in the scheme's default order.
    pub const ALL: [Self; 5] =
        [Self::ServiceDays, Self::Visits, Self::NeedsSolved, Self::ContractAmount, Self::Satisfaction];

    /// The item's name: 服务天数, 走访次数, 解决需求, 合同金额, 服务对象满意度.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::ServiceDays => "服务天数",
            Self::Visits => "走访次数",
            Self::NeedsSolved => "解决需求",
            Self::ContractAmount => "合同金额",
            Self::Satisfaction => "服务对象满意度",
        }
    }

    /// The unit of its figure: 天, 次, 项, 万元, and none for the share.
    pub fn unit_zh(self) -> &'static str {
        match self {
            Self::ServiceDays => "天",
            Self::Visits => "次",
            Self::NeedsSolved => "项",
            Self::ContractAmount => "万元",
            Self::Satisfaction => "",
        }
    }

    /// The stable code (`service_days` …).
    pub fn code(self) -> &'static str {
        match self {
            Self::ServiceDays => "service_days",
            Self::Visits => "visits",
            Self::NeedsSolved => "needs_solved",
            Self::ContractAmount => "contract_amount",
            Self::Satisfaction => "satisfaction",
        }
    }
}

/// One tier of a tiered item: `points` when the figure is at least (or, not `inclusive`, above) `threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentTier {
    /// The threshold, in the figure's unit (万元 for 合同金额, 0..1 for the satisfaction share).
    pub threshold: f64,
    /// `≥ threshold` when true, `> threshold` when false (合同金额 "> 0").
    pub inclusive: bool,
    /// The points of this tier.
    pub points: f64,
}

/// How an item turns its figure into points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum AssessmentRule {
    /// `points_per_unit` for each unit of the figure, at most `cap`.
    #[serde(rename = "per_unit", rename_all = "camelCase")]
    PerUnit {
        /// Points per unit (per day, visit, need, 万元; per 1.0 of the satisfaction share, i.e. 100 %).
        points_per_unit: f64,
        /// The most the item gives.
        cap: f64,
    },
    /// The points of the highest tier the figure reaches (none: 0); the cap is the highest tier's points.
    #[serde(rename = "tiers")]
    Tiers {
        /// The tiers, in any order.
        tiers: Vec<AssessmentTier>,
    },
}

/// One item of the scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentItem {
    /// Where its figure comes from (each source at most once in a scheme).
    pub source: AssessmentSource,
    /// How the figure becomes points.
    pub rule: AssessmentRule,
}

/// The weights of the three 服务对象评价 answers in the satisfaction share (default 1, 0.6, 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SatisfactionWeights {
    /// 满意.
    pub satisfied: f64,
    /// 基本满意.
    pub basically_satisfied: f64,
    /// 不满意.
    pub dissatisfied: f64,
}

/// The grade wording: 优秀/良好/合格/不合格 or 优秀/称职/基本称职/不称职.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GradeWording {
    /// 优秀, 良好, 合格, 不合格.
    Qualified,
    /// 优秀, 称职, 基本称职, 不称职.
    Competent,
}

/// A grade, from the best; its label depends on the scheme's [`GradeWording`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 优秀.
    Excellent,
    /// 良好 / 称职.
    Good,
    /// 合格 / 基本称职.
    Pass,
    /// 不合格 / 不称职.
    Fail,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Self; 4] = [Self::Excellent, Self::Good, Self::Pass, Self::Fail];

    /// Its label in `wording`.
    pub fn label(self, wording: GradeWording) -> &'static str {
        match (wording, self) {
            (_, Self::Excellent) => "优秀",
            (GradeWording::Qualified, Self::Good) => "良好",
            (GradeWording::Qualified, Self::Pass) => "合格",
            (GradeWording::Qualified, Self::Fail) => "不合格",
            (GradeWording::Competent, Self::Good) => "称职",
            (GradeWording::Competent, Self::Pass) => "基本称职",
            (GradeWording::Competent, Self::Fail) => "不称职",
        }
    }

    /// The stable code (`excellent` …), as stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::Excellent => "excellent",
            Self::Good => "good",
            Self::Pass => "pass",
            Self::Fail => "fail",
        }
    }

    /// The grade one below (不合格 stays).
    pub fn next_lower(self) -> Self {
        match self {
            Self::Excellent => Self::Good,
            Self::Good => Self::Pass,
            Self::Pass | Self::Fail => Self::Fail,
        }
    }
}

/// The lowest totals of the three upper grades (below `pass`: 不合格).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GradeThresholds {
    /// 优秀 from this total (default 90).
    pub excellent: f64,
    /// 良好/称职 from this total (default 75).
    pub good: f64,
    /// 合格/基本称职 from this total (default 60).
    pub pass: f64,
}

/// 考核办法: the items, the adjustments' limit, the grades, and what counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentScheme {
    /// The scored items, in the order the sheets show them.
    pub items: Vec<AssessmentItem>,
    /// The weights of the satisfaction share.
    pub satisfaction_weights: SatisfactionWeights,
    /// 加分/扣分: an expert's adjustments add up to at most this, and at least its negative (default 10).
    pub adjustment_limit: f64,
    /// The grades' lowest totals.
    pub thresholds: GradeThresholds,
    /// The grades' wording.
    pub wording: GradeWording,
    /// Count only visits and service records whose review (审核) is 已通过.
    pub reviewed_only: bool,
    /// The largest share of the period's experts graded 优秀, in percent (e.g. 30); none: no cap.
    pub excellent_cap_percent: Option<f64>,
}

/// An assessment period as the 年度考核 page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentPeriod {
    /// UUIDv7.
    pub id: String,
    /// Its name, unique (e.g. 2025, 2024—2025年度).
    pub name: String,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day, `YYYY-MM-DD` (included).
    pub end_date: String,
    /// The scheme it is assessed by: a copy of 设置's when it was made.
    pub scheme: AssessmentScheme,
    /// Experts with a stored result.
    pub graded_count: u32,
    /// When it was made and last changed, and its revision.
    #[serde(flatten)]
    #[ts(flatten)]
    pub stamps: Stamps,
}

/// What the form sends to create or edit a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AssessmentPeriodInput {
    /// Required, unique; a year such as `2025` alone fills the dates with the calendar year when they are blank.
    pub name: String,
    /// First day, `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// Last day, `YYYY-MM-DD`, not before the first.
    pub end_date: Option<String>,
}

/// One item of an expert's score: the figure, the points and the cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemScore {
    /// Which item.
    pub source: AssessmentSource,
    /// The figure: days, visits, needs, 万元, or the satisfaction share 0..1.
    pub figure: f64,
    /// The figure as the sheets show it (`12.5 天`, `3 次`, `56.00 万元`, `86.7%`, `无评价`).
    pub figure_text: String,
    /// The points, rounded to two decimals.
    pub points: f64,
    /// The most the item gives.
    pub cap: f64,
    /// No record behind the figure where that matters: 无评价 for the satisfaction item.
    pub no_data: bool,
}

/// A 加分/扣分 entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentAdjustment {
    /// UUIDv7.
    pub id: String,
    /// The period.
    pub period_id: String,
    /// The expert.
    pub expert_id: String,
    /// Points, positive (加分) or negative (扣分), never 0.
    pub points: f64,
    /// Why (required).
    pub reason: String,
    /// UTC, RFC 3339.
    pub created_at: String,
}

/// What the form sends to add a 加分/扣分 entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AssessmentAdjustmentInput {
    /// The period.
    pub period_id: String,
    /// The expert.
    pub expert_id: String,
    /// Points, positive or negative, at most two decimals; the expert's adjustments stay within the limit.
    pub points: Option<f64>,
    /// Why, required.
    pub reason: String,
}

/// What the form sends to save 自评 and 派出单位意见.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AssessmentNotesInput {
    /// The period.
    pub period_id: String,
    /// The expert.
    pub expert_id: String,
    /// 自评.
    pub self_review: Option<String>,
    /// 派出单位意见.
    pub unit_opinion: Option<String>,
    /// The revision the form started from (none: nothing was saved yet).
    pub revision: Option<i32>,
}

/// The result stored when an expert was graded: as computed then, whatever changed since.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoredAssessmentResult {
    /// The grade.
    pub grade: Grade,
    /// Its label in the period's wording.
    pub grade_label: String,
    /// The total, 0..100.
    pub total: f64,
    /// Each item as it was.
    pub items: Vec<ItemScore>,
    /// The adjustments' sum then.
    pub adjustments: f64,
    /// The adjustments then, with their reasons.
    #[serde(default)]
    pub adjustment_entries: Vec<AssessmentAdjustment>,
    /// Lowered from 优秀 by the cap on the share of 优秀.
    pub lowered_by_cap: bool,
    /// UTC, RFC 3339.
    pub graded_at: String,
    /// Who graded.
    pub graded_by: String,
}

/// One expert's row of the period's sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExpertScore {
    /// The expert.
    pub expert_id: String,
    /// The expert's name.
    pub expert_name: String,
    /// 派出单位.
    pub organization_name: Option<String>,
    /// The items, in the scheme's order.
    pub items: Vec<ItemScore>,
    /// The adjustments' sum.
    pub adjustments: f64,
    /// Items plus adjustments, clamped to 0..100.
    pub total: f64,
    /// The grade computed now (after the cap on 优秀).
    pub grade: Grade,
    /// Its label in the period's wording.
    pub grade_label: String,
    /// Lowered from 优秀 by the cap on the share of 优秀.
    pub lowered_by_cap: bool,
    /// The stored result, once graded.
    pub stored: Option<StoredAssessmentResult>,
}

/// How many experts got one grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GradeCount {
    /// The grade.
    pub grade: Grade,
    /// Its label.
    pub label: String,
    /// Experts with it.
    pub count: u32,
    /// Their share of the period's experts, 0..1 (0 without experts).
    pub share: f64,
}

/// The 年度考核 page: the period and every expert of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentSheet {
    /// The period (with its scheme).
    pub period: AssessmentPeriod,
    /// Every expert active in the period, highest total first, then by name.
    pub rows: Vec<ExpertScore>,
    /// The computed grades' distribution, best first.
    pub distribution: Vec<GradeCount>,
}

/// The kind of record behind an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentRecordKind {
    /// 服务记录 (服务天数, 合同金额, 满意度).
    ServiceRecord,
    /// 走访记录.
    Visit,
    /// 技术需求.
    Need,
}

/// The records behind one item, to open from the score sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemRecords {
    /// Which item.
    pub source: AssessmentSource,
    /// Which kind of record.
    pub kind: AssessmentRecordKind,
    /// Their ids, oldest first.
    pub ids: Vec<String>,
}

/// One expert's score sheet (考核表).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExpertAssessment {
    /// The period (with its scheme).
    pub period: AssessmentPeriod,
    /// The score as computed now, with the stored result once graded.
    pub score: ExpertScore,
    /// The records behind each item, in the scheme's order.
    pub records: Vec<ItemRecords>,
    /// 加分/扣分, oldest first.
    pub adjustments: Vec<AssessmentAdjustment>,
    /// 自评.
    pub self_review: Option<String>,
    /// 派出单位意见.
    pub unit_opinion: Option<String>,
    /// The revision of 自评/意见 (none: nothing saved yet); [`AssessmentNotesInput::revision`].
    pub revision: Option<i32>,
}

/// Which assessment workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentExportKind {
    /// 年度考核汇总表 (with its 考核办法 sheet).
    Summary,
    /// 考核表, one A4 sheet per expert.
    Sheets,
}

/// What to export of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentExportRequest {
    /// Which workbook.
    pub kind: AssessmentExportKind,
    /// The period: its id or name, or a year such as `2025` (the calendar year, by the scheme in 设置, when no
    /// period has that name).
    pub period: String,
    /// Only these experts (考核表 of one expert); none: all of the period's.
    #[serde(default)]
    #[ts(optional)]
    pub expert_ids: Option<Vec<String>>,
}
