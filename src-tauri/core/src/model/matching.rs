//! 精准特派: the experts suggested for a need, each with its score and the reasons that make it up.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ExpertTitle;

/// What a reason of a suggestion is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchReasonKind {
    /// The expert's 专业领域 and the need's.
    Discipline,
    /// The expert's 专长 tags found in the need.
    Specialty,
    /// The expert's organisation or pairings are in the need's city or province.
    Region,
    /// The expert's current load (open needs, recent service days): more load, fewer points.
    Load,
    /// Needs of the same type the expert helped solve.
    Results,
}

/// One reason of a suggestion, worded for the coordinator, with the points it adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MatchReason {
    /// What the reason is about.
    pub kind: MatchReasonKind,
    /// In Chinese.
    pub detail: String,
    /// In English.
    pub detail_en: String,
    /// Points added to the score.
    pub points: i32,
}

/// An expert suggested for a need.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExpertSuggestion {
    /// The expert.
    pub expert_id: String,
    /// 姓名.
    pub name: String,
    /// 职称 level.
    pub title: ExpertTitle,
    /// 派出单位 name.
    pub organization_name: Option<String>,
    /// 专业领域.
    pub discipline: Option<String>,
    /// 专长 tags.
    pub specialties: Vec<String>,
    /// The sum of the reasons' points.
    pub score: i32,
    /// Why, in a fixed order: discipline, specialty, region, results, load.
    pub reasons: Vec<MatchReason>,
    /// Live needs in 挖掘/凝练/对接/解决中 the expert is matched to, not counting this one.
    pub open_needs: u32,
    /// Service days of the expert's records that started in the last 90 days.
    pub recent_service_days: f64,
    /// The live match of this expert to the need, when there is one (the expert is shown, marked, not hidden).
    pub match_id: Option<String>,
}
