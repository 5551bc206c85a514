//! The closed lists of the domain (职称, 学历, 派出单位类型 …) as enums. They travel as stable English snake_case
//! codes (in the database and to the UI); the UI and the exports turn them into Chinese labels.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal / $zh:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// The value with this code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                Self::from_code(text).ok_or_else(|| FromSqlError::Other(format!("unknown {} code {text:?}", stringify!($name)).into()))
            }
        }
    };
}

code_enum!(
    /// 性别.
    Gender { Male = "male" / "男", Female = "female" / "女" }
);

code_enum!(
    /// 学历.
    Education {
        Doctorate = "doctorate" / "博士研究生",
        Master = "master" / "硕士研究生",
        Bachelor = "bachelor" / "大学本科",
        Associate = "associate" / "大学专科",
        Other = "other" / "其他",
    }
);

code_enum!(
    /// 职称 level.
    ExpertTitle {
        Senior = "senior" / "正高",
        AssociateSenior = "associate_senior" / "副高",
        Intermediate = "intermediate" / "中级",
        Junior = "junior" / "初级",
        Other = "other" / "其他",
    }
);

code_enum!(
    /// 服务方式: how the expert serves.
    ServiceForm { Stationed = "stationed" / "派驻", PartTime = "part_time" / "兼职", Cooperation = "cooperation" / "合作" }
);

code_enum!(
    /// Whether the expert is serving now.
    ExpertStatus { Active = "active" / "在岗", Paused = "paused" / "暂停", Ended = "ended" / "期满" }
);

code_enum!(
    /// 派出单位类型.
    OrganizationKind {
        University = "university" / "高校",
        Institute = "institute" / "科研院所",
        Enterprise = "enterprise" / "企业",
        Other = "other" / "其他",
    }
);

code_enum!(
    /// 企业规模.
    EnterpriseSize { Large = "large" / "大型", Medium = "medium" / "中型", Small = "small" / "小型", Micro = "micro" / "微型" }
);

code_enum!(
    /// 走访方式.
    VisitMode { OnSite = "on_site" / "实地", Online = "online" / "线上", Phone = "phone" / "电话" }
);

code_enum!(
    /// 活动类型: an event that involves several enterprises at once.
    EventType {
        Matchmaking = "matchmaking" / "供需对接会",
        Training = "training" / "培训会",
        Roadshow = "roadshow" / "路演",
        Other = "other" / "其他",
    }
);

code_enum!(
    /// 需求来源.
    NeedSource { Visit = "visit" / "走访发现", SelfReported = "self_reported" / "企业自报", Other = "other" / "其他" }
);

code_enum!(
    /// 需求类型.
    NeedType {
        TechBreakthrough = "tech_breakthrough" / "技术攻关",
        ProcessImprovement = "process_improvement" / "工艺改进",
        ProductDevelopment = "product_development" / "产品研发",
        ResultTransfer = "result_transfer" / "成果转化",
        Talent = "talent" / "人才引育",
        Other = "other" / "其他",
    }
);

code_enum!(
    /// 紧急程度.
    Urgency { Low = "low" / "一般", Normal = "normal" / "较急", High = "high" / "紧急" }
);

code_enum!(
    /// 需求阶段: 挖掘 → 凝练 → 对接 → 解决中 → 已解决, and 搁置 / 已合并.
    NeedStage {
        Discovered = "discovered" / "挖掘",
        Refined = "refined" / "凝练",
        Matched = "matched" / "对接",
        Solving = "solving" / "解决中",
        Solved = "solved" / "已解决",
        Shelved = "shelved" / "搁置",
        Merged = "merged" / "已合并",
    }
);

code_enum!(
    /// How an expert came to a need: 推荐/认领/指派.
    MatchMethod { Recommended = "recommended" / "推荐", Claimed = "claimed" / "认领", Assigned = "assigned" / "指派" }
);

code_enum!(
    /// 服务类型.
    ServiceType {
        Consulting = "consulting" / "技术咨询",
        TechBreakthrough = "tech_breakthrough" / "技术攻关",
        ResultTransfer = "result_transfer" / "成果转化",
        TalentTraining = "talent_training" / "人才培养",
        ProjectApplication = "project_application" / "项目申报",
        PolicyBriefing = "policy_briefing" / "政策宣讲",
        Training = "training" / "培训",
        Other = "other" / "其他",
    }
);

code_enum!(
    /// 满意度: the served enterprise's answer in a 服务对象评价.
    Satisfaction {
        Satisfied = "satisfied" / "满意",
        BasicallySatisfied = "basically_satisfied" / "基本满意",
        Dissatisfied = "dissatisfied" / "不满意",
    }
);

code_enum!(
    /// 审核 of a visit or a service record: 待审核 → 已通过, or 退回 with an opinion (see `fieldwork::review`).
    ReviewStatus { Pending = "pending" / "待审核", Approved = "approved" / "已通过", Returned = "returned" / "退回" }
);

code_enum!(
    /// The kinds of record that are reviewed (审核).
    ReviewKind { Visit = "visit" / "走访记录", ServiceRecord = "service_record" / "服务记录" }
);

code_enum!(
    /// The kinds of record the recycle bin holds.
    RecordKind {
        Expert = "expert" / "科技专员",
        Enterprise = "enterprise" / "服务企业",
        Visit = "visit" / "走访记录",
        Need = "need" / "技术需求",
        ServiceRecord = "service_record" / "服务记录",
        Attachment = "attachment" / "附件",
        Assignment = "assignment" / "派驻记录",
        Event = "event" / "活动",
    }
);

code_enum!(
    /// What an audit entry, a conflict or a "not found" is about: every kind of record the ledger keeps (a
    /// [`RecordKind`] of the recycle bin among them), with the noun messages name it by.
    Entity {
        Expert = "expert" / "科技专员",
        Enterprise = "enterprise" / "服务企业",
        Organization = "organization" / "派出单位",
        Batch = "batch" / "批次",
        Assignment = "assignment" / "派驻记录",
        Visit = "visit" / "走访记录",
        Event = "event" / "活动",
        Need = "need" / "技术需求",
        NeedMatch = "need_match" / "对接专员记录",
        ServiceRecord = "service_record" / "服务记录",
        Attachment = "attachment" / "附件",
        AttachmentFile = "attachment_file" / "附件文件",
        Settings = "settings" / "记录",
        Import = "import" / "记录",
        ImportPreview = "import_preview" / "记录",
        Export = "export" / "导出文件",
        ExchangeMerge = "exchange_merge" / "交换包合并",
        ExchangeConflict = "exchange_conflict" / "待处理冲突",
        AssessmentPeriod = "assessment_period" / "考核期间",
        AssessmentExpert = "assessment_expert" / "考核记录",
        AssessmentAdjustment = "assessment_adjustment" / "加分扣分记录",
    }
);

impl From<RecordKind> for Entity {
    fn from(kind: RecordKind) -> Self {
        match kind {
            RecordKind::Expert => Self::Expert,
            RecordKind::Enterprise => Self::Enterprise,
            RecordKind::Visit => Self::Visit,
            RecordKind::Need => Self::Need,
            RecordKind::ServiceRecord => Self::ServiceRecord,
            RecordKind::Attachment => Self::Attachment,
            RecordKind::Assignment => Self::Assignment,
            RecordKind::Event => Self::Event,
        }
    }
}

impl From<AttachmentOwnerKind> for Entity {
    fn from(kind: AttachmentOwnerKind) -> Self {
        match kind {
            AttachmentOwnerKind::Visit => Self::Visit,
            AttachmentOwnerKind::ServiceRecord => Self::ServiceRecord,
            AttachmentOwnerKind::Assignment => Self::Assignment,
            AttachmentOwnerKind::Event => Self::Event,
        }
    }
}

impl std::fmt::Display for Entity {
    /// The code, as the log and the English messages name the kind.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

code_enum!(
    /// The kinds of record an attachment (附件) belongs to.
    AttachmentOwnerKind {
        Visit = "visit" / "走访记录",
        ServiceRecord = "service_record" / "服务记录",
        Assignment = "assignment" / "派驻记录",
        Event = "event" / "活动",
    }
);

code_enum!(
    /// What an attachment proves (证明材料): the stamped 服务确认书 of a service record or 走访记录表 of a visit, a
    /// 现场照片, or the signed 三方协议 of a pairing. Unmarked files are `None`.
    EvidenceKind { Confirmation = "confirmation" / "确认单", Photo = "photo" / "现场照片", Agreement = "agreement" / "三方协议" }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for t in ExpertTitle::ALL {
            assert_eq!(ExpertTitle::from_code(t.code()), Some(*t));
            assert_eq!(serde_json::to_string(t).unwrap(), format!("\"{}\"", t.code()));
        }
        assert_eq!(NeedStage::Matched.label_zh(), "对接");
        assert_eq!(ExpertTitle::from_code("教授"), None);
    }
}
