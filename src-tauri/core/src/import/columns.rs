//! Finding the header row of an imported sheet and mapping its columns to the fields of an import kind.
//!
//! Each field has Chinese and English header synonyms, per kind (联系电话 is an expert's `phone` but an enterprise's
//! `contactPhone`). A header matches a field when, normalised by [`normalize_header`], it equals one of the field's
//! synonyms, its key or its labels; failing that, when it contains a Chinese synonym of two or more characters — the
//! longest wins, and a tie between two fields matches neither. Generic words (企业, 日期, 方式 …) match only exactly,
//! and English synonyms only exactly (`date` would otherwise match `update`).

use std::collections::HashSet;
use std::sync::LazyLock;

use super::cell::{Cell, Grid};
use crate::model::{ImportField, ImportKind};
use crate::normalize::{is_cjk, to_half_width};

/// Rows searched for the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// A field of an import kind with the headers that name it. A synonym starting with `=` matches only exactly.
pub(crate) struct Spec {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub required: bool,
    synonyms: &'static [&'static str],
    /// What the field's cells hold (the blank template's 填写说明 and its drop-down lists).
    pub value: Value,
}

/// What a field's cells hold, as the blank template explains it.
#[derive(Clone, Copy)]
pub(crate) enum Value {
    /// One line of text.
    Text,
    /// Free text, line breaks allowed.
    LongText,
    /// A day.
    Day,
    /// A month (出生年月).
    Month,
    /// An amount in 万元.
    Money,
    /// A whole number.
    Count,
    /// Days in half days.
    Days,
    Phone,
    Email,
    IdCard,
    CreditCode,
    /// 是 / 否.
    Flag,
    /// Several items in one cell.
    List,
    /// A stored enterprise, by name.
    Enterprise,
    /// One stored expert, by name.
    Expert,
    /// Stored experts, by name, several in one cell.
    Experts,
    /// Stored experts, several in one cell, each by name or by name and phone.
    ExpertsWithPhone,
    /// Stored enterprises, several in one cell, each by credit code or name.
    Enterprises,
    /// One of a closed list: the labels the app shows.
    Labels(fn() -> Vec<&'static str>),
}

const fn req(key: &'static str, zh: &'static str, en: &'static str, synonyms: &'static [&'static str]) -> Spec {
    Spec { key, zh, en, required: true, synonyms, value: Value::Text }
}

const fn opt(key: &'static str, zh: &'static str, en: &'static str, synonyms: &'static [&'static str]) -> Spec {
    Spec { key, zh, en, required: false, synonyms, value: Value::Text }
}

impl Spec {
    /// The field with cells of `value`.
    const fn holds(self, value: Value) -> Self {
        Self { value, ..self }
    }
}

use super::values::labels;
use crate::model::codes::{
    Education, EnterpriseSize, EventType, ExpertStatus, ExpertTitle, Gender, NeedType, OrganizationKind, Satisfaction,
    ServiceForm, ServiceType, Urgency, VisitMode,
};

const NOTES: Spec = opt("notes", "备注", "Notes", &["说明", "备注说明", "remarks", "remark", "note", "comments"])
    .holds(Value::LongText);

const EXPERTS: &[Spec] = &[
    req("name", "姓名", "Name", &["专员姓名", "科技专员", "科技专员姓名", "=专员", "fullname", "expert"]),
    opt("gender", "性别", "Gender", &["sex"]).holds(Value::Labels(labels::<Gender>)),
    opt(
        "birthMonth",
        "出生年月",
        "Birth month",
        &["出生日期", "出生年份", "born", "birthdate", "dateofbirth", "birth"],
    )
    .holds(Value::Month),
    opt("education", "学历", "Education", &["最高学历", "文化程度", "学历学位", "degree"])
        .holds(Value::Labels(labels::<Education>)),
    req(
        "title",
        "职称",
        "Title",
        &["专业技术职称", "技术职称", "专业技术职务", "职称级别", "职称等级", "professionaltitle"],
    )
    .holds(Value::Labels(labels::<ExpertTitle>)),
    opt(
        "organization",
        "派出单位",
        "Dispatching organisation",
        &[
            "所在单位",
            "工作单位",
            "=单位",
            "单位名称",
            "派出单位名称",
            "dispatchingorganization",
            "organisation",
            "organization",
            "employer",
        ],
    ),
    opt(
        "organizationKind",
        "单位类型",
        "Organisation type",
        &["单位性质", "派出单位类型", "派出单位性质", "organizationtype", "organizationkind"],
    )
    .holds(Value::Labels(labels::<OrganizationKind>)),
    opt("position", "职务", "Position", &["行政职务", "现任职务", "post"]),
    opt(
        "discipline",
        "专业领域",
        "Discipline",
        &["专业", "研究方向", "学科", "学科领域", "所学专业", "从事专业", "field", "major"],
    ),
    opt(
        "specialties",
        "专长",
        "Specialties",
        &["技术专长", "擅长领域", "特长", "研究专长", "业务专长", "expertise", "specialty"],
    )
    .holds(Value::List),
    opt(
        "phone",
        "联系电话",
        "Phone",
        &["手机", "手机号码", "手机号", "电话", "联系方式", "电话号码", "mobile", "telephone", "tel"],
    )
    .holds(Value::Phone),
    opt("email", "电子邮箱", "E-mail", &["邮箱", "电子邮件", "邮件", "email", "mail"]).holds(Value::Email),
    opt(
        "idCard",
        "身份证号",
        "ID number",
        &["身份证号码", "证件号码", "身份证", "公民身份号码", "residentid", "idcard", "idno"],
    )
    .holds(Value::IdCard),
    opt("serviceForm", "服务方式", "Service form", &["服务形式", "派驻方式", "派驻形式"])
        .holds(Value::Labels(labels::<ServiceForm>)),
    opt("batch", "批次", "Batch", &["选派批次", "派驻批次", "所属批次"]),
    opt(
        "serviceStart",
        "服务开始日期",
        "Service from",
        &["服务开始", "服务期起", "开始日期", "服务期开始", "服务开始时间", "开始时间"],
    )
    .holds(Value::Day),
    opt(
        "serviceEnd",
        "服务结束日期",
        "Service until",
        &["服务结束", "服务期止", "结束日期", "服务期结束", "服务结束时间", "结束时间"],
    )
    .holds(Value::Day),
    opt("status", "状态", "Status", &["服务状态", "在岗状态"]).holds(Value::Labels(labels::<ExpertStatus>)),
    NOTES,
];

const ENTERPRISES: &[Spec] = &[
    req(
        "name",
        "企业名称",
        "Enterprise",
        &["=单位名称", "=企业", "公司名称", "企业全称", "=名称", "company", "companyname", "enterprisename", "name"],
    ),
    req(
        "creditCode",
        "统一社会信用代码",
        "Credit code",
        &["信用代码", "社会信用代码", "统一信用代码", "uscc", "unifiedsocialcreditcode"],
    )
    .holds(Value::CreditCode),
    opt("province", "省", "Province", &["省份", "所在省", "所在省份"]),
    opt("city", "市", "City", &["地市", "城市", "所在市", "设区市", "所在城市"]),
    opt("county", "区县", "County", &["县区", "=区", "=县", "区/县", "县/区", "所在区县", "所属区县", "district"]),
    opt("region", "所在地区", "Region", &["=地区", "所属区域", "=行政区划", "所在地", "所属地区", "=区域", "area"]),
    opt(
        "address",
        "地址",
        "Address",
        &["注册地址", "通讯地址", "企业地址", "详细地址", "经营地址", "办公地址", "联系地址"],
    ),
    opt("legalRepresentative", "法定代表人", "Legal representative", &["法人", "法人代表", "legalperson"]),
    opt(
        "industry",
        "行业门类",
        "Industry",
        &["行业", "所属行业", "国民经济行业", "行业分类", "所属行业门类", "行业类别"],
    ),
    opt("mainProducts", "主营产品", "Main products", &["主要产品", "主营业务", "主导产品", "products"]),
    opt("size", "企业规模", "Size", &["=规模", "scale", "enterprisesize"])
        .holds(Value::Labels(labels::<EnterpriseSize>)),
    opt(
        "isHighTech",
        "高新技术企业",
        "High-tech enterprise",
        &["是否高企", "高企", "是否高新技术企业", "国家高新技术企业", "hightech"],
    )
    .holds(Value::Flag),
    opt("isTechSme", "科技型中小企业", "Tech SME", &["科小", "是否科技型中小企业", "科技型中小", "techsme"])
        .holds(Value::Flag),
    opt(
        "isSpecialized",
        "专精特新",
        "Specialised (专精特新)",
        &["专精特新企业", "是否专精特新", "专精特新中小企业", "specialized", "specialised"],
    )
    .holds(Value::Flag),
    opt(
        "contactName",
        "联系人",
        "Contact",
        &["联系人姓名", "企业联系人", "主要联系人", "contactname", "primarycontact"],
    ),
    opt(
        "contactPhone",
        "联系电话",
        "Contact phone",
        &[
            "联系人电话",
            "联系人手机",
            "联系人手机号",
            "联系人联系电话",
            "手机",
            "手机号码",
            "电话",
            "联系方式",
            "phone",
            "mobile",
            "telephone",
        ],
    )
    .holds(Value::Phone),
    opt("contactPosition", "联系人职务", "Contact position", &["职务", "contactposition", "position"]),
    opt("contactEmail", "联系人邮箱", "Contact e-mail", &["邮箱", "电子邮箱", "电子邮件", "email", "e-mail"])
        .holds(Value::Email),
    NOTES,
];

const VISITS: &[Spec] = &[
    req("visitDate", "走访日期", "Visit date", &["=日期", "走访时间", "=时间", "date", "visitdate"]).holds(Value::Day),
    req(
        "enterprise",
        "企业名称",
        "Enterprise",
        &["走访企业", "服务企业", "=企业", "被走访企业", "走访单位", "company"],
    )
    .holds(Value::Enterprise),
    opt("creditCode", "统一社会信用代码", "Credit code", &["信用代码", "社会信用代码", "uscc"])
        .holds(Value::CreditCode),
    req(
        "experts",
        "参与专员",
        "Experts",
        &["走访专员", "科技专员", "=专员", "专员姓名", "走访人员", "参与人员", "走访人", "participants"],
    )
    .holds(Value::Experts),
    opt("mode", "走访方式", "Mode", &["=方式", "=形式", "走访形式"]).holds(Value::Labels(labels::<VisitMode>)),
    opt("purpose", "走访目的", "Purpose", &["=目的", "事由", "走访事由"]),
    opt("findings", "发现问题", "Findings", &["了解情况", "走访情况", "主要问题", "存在问题", "走访内容", "企业诉求"])
        .holds(Value::LongText),
    opt("nextStep", "下一步工作", "Next step", &["下一步", "后续安排", "下一步计划", "下一步打算", "nextsteps"])
        .holds(Value::LongText),
    opt("followUpDate", "跟进日期", "Follow-up date", &["回访日期", "跟进时间", "回访时间", "计划回访日期"])
        .holds(Value::Day),
    NOTES,
];

const SERVICES: &[Spec] = &[
    req("expert", "科技专员", "Expert", &["专员姓名", "=姓名", "服务专员", "=专员", "科技专员姓名", "name"])
        .holds(Value::Expert),
    opt("expertPhone", "专员电话", "Expert phone", &["专员手机", "专员联系电话", "专员手机号"]).holds(Value::Phone),
    req("enterprise", "服务企业", "Enterprise", &["企业名称", "=企业", "服务对象", "受服务企业", "company"])
        .holds(Value::Enterprise),
    opt("creditCode", "统一社会信用代码", "Credit code", &["信用代码", "社会信用代码", "uscc"])
        .holds(Value::CreditCode),
    req(
        "startDate",
        "开始日期",
        "Start date",
        &["服务开始", "起始日期", "服务日期", "开始时间", "服务开始日期", "服务时间", "=日期", "from"],
    )
    .holds(Value::Day),
    opt("endDate", "结束日期", "End date", &["服务结束", "截止日期", "结束时间", "服务结束日期", "until", "to"])
        .holds(Value::Day),
    opt("serviceDays", "服务天数", "Days", &["天数", "服务时长", "servicedays"]).holds(Value::Days),
    opt("serviceType", "服务类型", "Service type", &["服务方式", "服务类别", "=类型", "type"])
        .holds(Value::Labels(labels::<ServiceType>)),
    req("content", "服务内容", "Content", &["工作内容", "=内容", "服务事项", "主要内容", "服务情况"])
        .holds(Value::LongText),
    opt(
        "outcomeSummary",
        "成效简述",
        "Outcome summary",
        &["=成效", "服务成效", "成效说明", "取得成效", "工作成效", "outcome", "outcomes"],
    )
    .holds(Value::LongText),
    opt(
        "contractAmount",
        "合同金额",
        "Contract amount",
        &["合同额", "技术合同金额", "技术合同额", "签订合同金额", "contracts"],
    )
    .holds(Value::Money),
    opt("investment", "投资额", "Investment", &["带动投资", "带动投资额", "新增投资", "投资金额"]).holds(Value::Money),
    opt("policyFunds", "政策资金", "Policy funds", &["争取资金", "争取政策资金", "争取项目资金", "项目资金"])
        .holds(Value::Money),
    opt("costSaved", "降本", "Cost saved", &["节约成本", "降低成本", "降本增效", "节本"]).holds(Value::Money),
    opt("outputValue", "新增产值", "Output value", &["产值", "增加产值"]).holds(Value::Money),
    opt("profitTax", "新增利税", "Profit and tax", &["利税", "增加利税"]).holds(Value::Money),
    opt("patents", "专利", "Patents", &["申请专利", "专利数", "专利数量", "授权专利", "申请专利数"])
        .holds(Value::Count),
    opt("newProducts", "新产品", "New products", &["新产品数", "开发新产品"]).holds(Value::Count),
    opt("newTechnologies", "新技术", "New technologies", &["新技术数", "推广新技术"]).holds(Value::Count),
    opt("peopleTrained", "培训人次", "People trained", &["培训人数", "培训人员"]).holds(Value::Count),
    opt("needsSolved", "解决需求", "Needs solved", &["解决问题数", "解决问题", "解决需求数", "解决技术难题"])
        .holds(Value::Count),
    opt(
        "satisfaction",
        "满意度",
        "Satisfaction",
        &["服务对象评价", "服务满意度", "企业满意度", "满意程度", "评价结果", "企业评价", "=评价"],
    )
    .holds(Value::Labels(labels::<Satisfaction>)),
    opt("evaluator", "评价人", "Evaluator", &["企业评价人", "评价联系人", "评价人员"]),
    opt("evaluatedOn", "评价日期", "Evaluation date", &["评价时间", "服务对象评价日期", "evaluatedon"])
        .holds(Value::Day),
    opt(
        "evaluationOpinion",
        "评价意见",
        "Evaluation opinion",
        &["服务对象评价意见", "服务对象意见", "企业评价意见", "企业意见", "=意见", "opinion"],
    )
    .holds(Value::LongText),
];

/// A 技术需求征集表: the enterprise (by credit code or name), the need as the enterprise wrote it, and who to ask.
const NEEDS: &[Spec] = &[
    req(
        "enterprise",
        "企业名称",
        "Enterprise",
        &["需求企业", "=企业", "企业全称", "=单位名称", "需求单位", "提出单位", "填报单位", "company"],
    )
    .holds(Value::Enterprise),
    opt("creditCode", "统一社会信用代码", "Credit code", &["信用代码", "社会信用代码", "uscc"])
        .holds(Value::CreditCode),
    req(
        "title",
        "需求名称",
        "Need",
        &["技术需求名称", "需求题目", "需求标题", "=项目名称", "=名称", "技术需求", "=需求", "title"],
    ),
    opt(
        "originalText",
        "需求描述",
        "Description",
        &[
            "需求内容",
            "技术需求描述",
            "需求详情",
            "具体需求",
            "需求简介",
            "需求概述",
            "问题描述",
            "=描述",
            "description",
        ],
    )
    .holds(Value::LongText),
    opt("needType", "需求类型", "Need type", &["需求类别", "=类型", "=类别", "needtype", "type"])
        .holds(Value::Labels(labels::<NeedType>)),
    opt("discipline", "专业领域", "Field", &["技术领域", "所属领域", "=领域", "需求领域", "field", "discipline"]),
    opt("budget", "预算", "Budget", &["预算金额", "需求预算", "拟投入资金", "预计投入", "投入资金", "budget"])
        .holds(Value::Money),
    opt("urgency", "紧急程度", "Urgency", &["紧迫程度", "紧急度", "=缓急", "urgency"])
        .holds(Value::Labels(labels::<Urgency>)),
    opt("contactName", "联系人", "Contact", &["联系人姓名", "企业联系人", "需求联系人", "contactname", "contact"]),
    opt(
        "contactPhone",
        "联系电话",
        "Contact phone",
        &["联系人电话", "联系人手机", "手机", "手机号码", "电话", "联系方式", "phone", "mobile", "telephone"],
    )
    .holds(Value::Phone),
];

/// A 活动台账: one event with the enterprises and experts that took part, several in one cell each.
const EVENTS: &[Spec] = &[
    req("eventType", "活动类型", "Event type", &["活动类别", "=类型", "=类别", "eventtype", "type"])
        .holds(Value::Labels(labels::<EventType>)),
    req("title", "活动名称", "Title", &["活动主题", "=主题", "=名称", "活动题目", "会议名称", "title"]),
    req("eventDate", "活动日期", "Event date", &["=日期", "活动时间", "=时间", "举办日期", "举办时间", "date"])
        .holds(Value::Day),
    opt("place", "地点", "Place", &["活动地点", "举办地点", "=地址", "place", "venue"]),
    req(
        "enterprises",
        "参加企业",
        "Enterprises",
        &["参会企业", "参与企业", "对接企业", "=企业", "企业名称", "enterprises", "companies"],
    )
    .holds(Value::Enterprises),
    opt("experts", "参加专员", "Experts", &["参会专员", "参与专员", "=专员", "科技专员", "专员姓名", "experts"])
        .holds(Value::ExpertsWithPhone),
    opt("attendance", "参加人数", "Attendance", &["参会人数", "参与人数", "出席人数", "=人数", "attendance"])
        .holds(Value::Count),
    opt("content", "活动内容", "Content", &["=内容", "活动简介", "活动情况", "主要内容", "content"])
        .holds(Value::LongText),
    NOTES,
];

/// The fields of `kind`, in the order the import page and the blank template list them.
pub(crate) fn specs(kind: ImportKind) -> &'static [Spec] {
    match kind {
        ImportKind::Experts => EXPERTS,
        ImportKind::Enterprises => ENTERPRISES,
        ImportKind::Visits => VISITS,
        ImportKind::Services => SERVICES,
        ImportKind::Needs => NEEDS,
        ImportKind::Events => EVENTS,
    }
}

/// The fields an import of `kind` fills, in the order the import page lists them.
pub fn fields(kind: ImportKind) -> Vec<ImportField> {
    specs(kind)
        .iter()
        .map(|s| ImportField {
            key: s.key.to_owned(),
            label: s.zh.to_owned(),
            label_en: s.en.to_owned(),
            required: s.required,
        })
        .collect()
}

/// A header as it is compared: half-width, without any white space, bracketed notes (`（必填）`, `(万元)`,
/// `[选填]`, `【单位：万元】`), a leading or trailing `*`/`※`/`★` or a trailing colon, ASCII in lower case.
pub fn normalize_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in to_half_width(s).chars().filter(|c| !c.is_whitespace()) {
        match c {
            '(' | '[' | '{' | '<' | '【' | '〔' | '〖' => depth += 1,
            ')' | ']' | '}' | '>' | '】' | '〕' | '〗' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    let mark = |c: char| matches!(c, '*' | '※' | '★');
    out.trim_start_matches(mark).trim_end_matches(|c| mark(c) || c == ':').to_owned()
}

/// How well a header names a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    /// It contains one of the field's synonyms.
    Contains,
    /// It is one of them.
    Exact,
}

/// One name of a field, normalised, and whether a longer header containing it names the field.
struct Name {
    key: &'static str,
    text: String,
    contained: bool,
}

/// The names of the fields of `kind`, normalised once.
fn names(kind: ImportKind) -> &'static [Name] {
    static NAMES: LazyLock<Vec<Vec<Name>>> = LazyLock::new(|| {
        ImportKind::ALL
            .iter()
            .map(|&kind| {
                let mut names = Vec::new();
                for spec in specs(kind) {
                    let own = [spec.key, spec.zh, spec.en].into_iter().map(|n| (n, false));
                    let synonyms = spec.synonyms.iter().map(|n| n.strip_prefix('=').map_or((*n, false), |n| (n, true)));
                    for (name, exact_only) in own.chain(synonyms) {
                        let text = normalize_header(name);
                        let contained = !exact_only && text.chars().any(is_cjk) && text.chars().count() >= 2;
                        names.push(Name { key: spec.key, text, contained });
                    }
                }
                names
            })
            .collect()
    });
    let index = ImportKind::ALL.iter().position(|&k| k == kind).expect("every kind is in ImportKind::ALL");
    &NAMES[index]
}

/// The field a header names, if one does, and how.
fn classify(kind: ImportKind, header: &str) -> Option<(&'static str, Match)> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    let names = names(kind);
    if let Some(name) = names.iter().find(|n| n.text == h) {
        return Some((name.key, Match::Exact));
    }
    let mut best: Option<(&'static str, usize)> = None;
    let mut tied = false;
    for name in names.iter().filter(|n| n.contained && h.contains(n.text.as_str())) {
        let len = name.text.chars().count();
        match best {
            Some((key, longest)) if len < longest || (len == longest && key == name.key) => {}
            Some((_, longest)) if len == longest => tied = true,
            _ => {
                best = Some((name.key, len));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(key, _)| (key, Match::Contains))
}

/// The field key a header names for `kind`: an exact synonym first, then the longest Chinese synonym the header
/// contains; `None` when nothing matches or two fields match equally well.
pub fn match_field(kind: ImportKind, header: &str) -> Option<&'static str> {
    classify(kind, header).map(|(key, _)| key)
}

/// The field each column fills, one entry per header. A field is given to one column only: exact matches first,
/// then contained ones, each in column order.
pub fn guess_mapping(kind: ImportKind, headers: &[String]) -> Vec<Option<String>> {
    let matches: Vec<_> = headers.iter().map(|h| classify(kind, h)).collect();
    let mut mapping = vec![None; headers.len()];
    let mut taken = HashSet::new();
    for quality in [Match::Exact, Match::Contains] {
        for (i, m) in matches.iter().enumerate() {
            if let Some((key, q)) = *m {
                if q == quality && taken.insert(key) {
                    mapping[i] = Some(key.to_owned());
                }
            }
        }
    }
    mapping
}

/// The header row's index in `grid.rows`: among the first 30 rows, the one naming the most distinct fields — at
/// least two, one of them required — the earliest on a tie. A title merged across the columns repeats one text and
/// names at most one field, so it is never taken for the header.
pub fn find_header_row(grid: &Grid, kind: ImportKind) -> Option<usize> {
    let required: HashSet<&str> = specs(kind).iter().filter(|s| s.required).map(|s| s.key).collect();
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in grid.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let found: HashSet<&str> =
            row.iter().filter(|c| !c.is_blank()).filter_map(|c| match_field(kind, &c.display())).collect();
        if found.len() >= 2 && found.iter().any(|k| required.contains(k)) && best.is_none_or(|(_, n)| found.len() > n) {
            best = Some((i, found.len()));
        }
    }
    best.map(|(i, _)| i)
}

/// The headers' signature, to remember a mapping for files with the same headers: the normalised headers joined by
/// `|`, trailing empty ones left out.
pub fn header_signature(headers: &[String]) -> String {
    let mut normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    while normalized.last().is_some_and(String::is_empty) {
        normalized.pop();
    }
    normalized.join("|")
}

/// Whether a row is a totals row: one of its first three non-blank cells says 合计, 总计, 小计 or Total (spaces
/// ignored; also 本月合计, 合计：, 合计（万元）).
pub fn is_totals_row(row: &[Cell]) -> bool {
    const WORDS: [&str; 5] = ["合计", "总计", "小计", "total", "totals"];
    row.iter().filter(|c| !c.is_blank()).take(3).any(|c| {
        let text = normalize_header(&c.display());
        WORDS.iter().any(|w| {
            text == *w
                || text.strip_prefix(w).is_some_and(|rest| rest.starts_with(':'))
                || text.strip_suffix(w).is_some_and(|before| before.chars().count() <= 5)
        })
    })
}

/// Whether every cell of a row is blank.
pub fn is_blank_row(row: &[Cell]) -> bool {
    row.iter().all(Cell::is_blank)
}

/// A column's letter as a spreadsheet names it: 0 → `A`, 25 → `Z`, 26 → `AA`, 16383 → `XFD`.
pub fn column_letter(index: usize) -> String {
    let mut n = index as u128 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KINDS: &[ImportKind] = ImportKind::ALL;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_field_keys_are_the_contract() {
        let keys = |kind| fields(kind).into_iter().map(|f| f.key).collect::<Vec<_>>().join(",");
        assert_eq!(
            keys(ImportKind::Experts),
            "name,gender,birthMonth,education,title,organization,organizationKind,position,discipline,specialties,\
             phone,email,idCard,serviceForm,batch,serviceStart,serviceEnd,status,notes"
        );
        assert_eq!(
            keys(ImportKind::Enterprises),
            "name,creditCode,province,city,county,region,address,legalRepresentative,industry,mainProducts,size,\
             isHighTech,isTechSme,isSpecialized,contactName,contactPhone,contactPosition,contactEmail,notes"
        );
        assert_eq!(
            keys(ImportKind::Visits),
            "visitDate,enterprise,creditCode,experts,mode,purpose,findings,nextStep,followUpDate,notes"
        );
        assert_eq!(
            keys(ImportKind::Services),
            "expert,expertPhone,enterprise,creditCode,startDate,endDate,serviceDays,serviceType,content,\
             outcomeSummary,contractAmount,investment,policyFunds,costSaved,outputValue,profitTax,patents,\
             newProducts,newTechnologies,peopleTrained,needsSolved,satisfaction,evaluator,evaluatedOn,\
             evaluationOpinion"
        );
        let required = |kind| fields(kind).into_iter().filter(|f| f.required).map(|f| f.key).collect::<Vec<_>>();
        assert_eq!(required(ImportKind::Experts), ["name", "title"]);
        assert_eq!(required(ImportKind::Enterprises), ["name", "creditCode"]);
        assert_eq!(required(ImportKind::Visits), ["visitDate", "enterprise", "experts"]);
        assert_eq!(required(ImportKind::Services), ["expert", "enterprise", "startDate", "content"]);
        assert_eq!(
            keys(ImportKind::Needs),
            "enterprise,creditCode,title,originalText,needType,discipline,budget,urgency,contactName,contactPhone"
        );
        assert_eq!(required(ImportKind::Needs), ["enterprise", "title"]);
        assert_eq!(
            keys(ImportKind::Events),
            "eventType,title,eventDate,place,enterprises,experts,attendance,content,notes"
        );
        assert_eq!(required(ImportKind::Events), ["eventType", "title", "eventDate", "enterprises"]);
    }

    #[test]
    fn every_name_of_a_field_names_it_and_no_other() {
        for &kind in KINDS {
            for spec in specs(kind) {
                let names = [spec.key, spec.zh, spec.en]
                    .into_iter()
                    .chain(spec.synonyms.iter().map(|n| n.trim_start_matches('=')));
                for name in names {
                    assert_eq!(match_field(kind, name), Some(spec.key), "{kind:?} {name}");
                }
            }
        }
    }

    #[test]
    fn headers_are_normalised() {
        for (raw, want) in [
            ("联系电话（手机）", "联系电话"),
            (" 姓 名 ", "姓名"),
            ("*姓名", "姓名"),
            ("姓名*", "姓名"),
            ("※姓名：", "姓名"),
            ("★ 姓名 :", "姓名"),
            ("合同金额(万元)", "合同金额"),
            ("合同金额\n（单位：万元）", "合同金额"),
            ("专业[选填]", "专业"),
            ("【必填】企业名称", "企业名称"),
            ("县(市、区)", "县"),
            ("Ｅ－ｍａｉｌ", "e-mail"),
            ("Credit Code", "creditcode"),
            ("金额(万元", "金额"),
            ("a)b", "a)b"),
            ("", ""),
            ("（空）", ""),
        ] {
            assert_eq!(normalize_header(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn synonyms_per_kind() {
        use ImportKind::*;
        for (kind, header, want) in [
            (Experts, "专员姓名", Some("name")),
            (Experts, " 姓 名 ", Some("name")),
            (Experts, "*姓名", Some("name")),
            (Experts, "Name", Some("name")),
            (Experts, "联系电话（手机）", Some("phone")),
            (Experts, "联系电话", Some("phone")),
            (Enterprises, "联系电话", Some("contactPhone")),
            (Enterprises, "联系人手机", Some("contactPhone")),
            (Experts, "出生年月", Some("birthMonth")),
            (Experts, "专业技术职称", Some("title")),
            (Experts, "单位", Some("organization")),
            (Experts, "单位性质", Some("organizationKind")),
            (Experts, "E-mail", Some("email")),
            (Experts, "服务期起", Some("serviceStart")),
            (Experts, "身份证号码", Some("idCard")),
            (Enterprises, "企业名称", Some("name")),
            (Enterprises, "单位名称", Some("name")),
            (Enterprises, "统一社会信用代码（18位）", Some("creditCode")),
            (Enterprises, "县(市、区)", Some("county")),
            (Enterprises, "所属行业", Some("industry")),
            (Enterprises, "是否高新技术企业", Some("isHighTech")),
            (Enterprises, "是否专精特新", Some("isSpecialized")),
            (Enterprises, "联系人职务", Some("contactPosition")),
            (Enterprises, "企业地址", Some("address")),
            (Visits, "走访日期", Some("visitDate")),
            (Visits, "日期", Some("visitDate")),
            (Visits, "走访企业", Some("enterprise")),
            (Visits, "参与专员", Some("experts")),
            (Visits, "下一步工作", Some("nextStep")),
            (Services, "姓名", Some("expert")),
            (Services, "科技专员", Some("expert")),
            (Services, "合同金额(万元)", Some("contractAmount")),
            (Services, "Contract amount (万元)", Some("contractAmount")),
            (Services, "培训人次", Some("peopleTrained")),
            (Services, "专利（件）", Some("patents")),
            (Services, "服务方式", Some("serviceType")),
            (Experts, "服务方式", Some("serviceForm")),
            (Needs, "需求名称", Some("title")),
            (Needs, "技术需求名称", Some("title")),
            (Needs, "需求描述（限500字）", Some("originalText")),
            (Needs, "预算（万元）", Some("budget")),
            (Needs, "拟投入资金(万元)", Some("budget")),
            (Needs, "需求类型", Some("needType")),
            (Needs, "紧急程度", Some("urgency")),
            (Needs, "企业名称", Some("enterprise")),
            (Needs, "联系电话", Some("contactPhone")),
            (Needs, "联系人", Some("contactName")),
            (Needs, "所属领域", Some("discipline")),
            (Events, "活动类型", Some("eventType")),
            (Events, "活动主题", Some("title")),
            (Events, "活动名称（主题）", Some("title")),
            (Events, "日期", Some("eventDate")),
            (Events, "活动日期", Some("eventDate")),
            (Events, "地点", Some("place")),
            (Events, "参加企业", Some("enterprises")),
            (Events, "参会企业名单", Some("enterprises")),
            (Events, "参加专员", Some("experts")),
            (Events, "参加人数（人）", Some("attendance")),
            (Events, "活动内容", Some("content")),
            (Events, "备注", Some("notes")),
        ] {
            assert_eq!(match_field(kind, header), want, "{kind:?} {header}");
        }
    }

    #[test]
    fn containment_is_careful() {
        use ImportKind::*;
        for (kind, header, want) in [
            (Experts, "所在单位名称", Some("organization")),
            (Experts, "专业领域及专长", Some("discipline")),
            (Experts, "办公电话", Some("phone")),
            (Services, "技术合同成交金额", None),
            (Services, "签订技术合同金额", Some("contractAmount")),
            (Services, "新增产值合计", Some("outputValue")),
            (Services, "新产品新技术", None),
            (Enterprises, "企业类型", None),
            (Enterprises, "是否规上企业", None),
            (Visits, "填报日期", None),
            (Visits, "联系方式", None),
            (Visits, "下一步工作计划", Some("nextStep")),
            (Experts, "序号", None),
            (Experts, "updated", None),
            (Experts, "", None),
            (Experts, "   ", None),
        ] {
            assert_eq!(match_field(kind, header), want, "{kind:?} {header}");
        }
    }

    #[test]
    fn mapping_gives_each_field_to_one_column() {
        let headers = strings(&["序号", "联系人手机号码", "企业名称", "联系电话", "信用代码", "手机", "", "备注"]);
        assert_eq!(
            guess_mapping(ImportKind::Enterprises, &headers),
            [
                None,
                None,
                Some("name".to_owned()),
                Some("contactPhone".to_owned()),
                Some("creditCode".to_owned()),
                None,
                None,
                Some("notes".to_owned()),
            ]
        );
        let headers = strings(&["办公电话", "联系电话"]);
        assert_eq!(guess_mapping(ImportKind::Experts, &headers), [None, Some("phone".to_owned())], "exact first");
        assert!(guess_mapping(ImportKind::Visits, &[]).is_empty());
    }

    #[test]
    fn the_header_row_is_found_below_a_merged_title() {
        let title = "2023年度科技专员花名册";
        let grid = Grid {
            name: "花名册".into(),
            rows: vec![
                vec![t(title), t(title), t(title), t(title), t(title)],
                vec![t("填报单位：某某市科技局"), Cell::Empty, Cell::Empty, t("填报日期：2023-03-24")],
                vec![],
                vec![t("序号"), t("姓 名"), t("性别"), t("职称（必填）"), t("联系电话")],
                vec![Cell::Number(1.0), t("张三"), t("男"), t("教授"), Cell::Number(13800138000.0)],
            ],
        };
        assert_eq!(find_header_row(&grid, ImportKind::Experts), Some(3));
        let headers: Vec<String> = grid.rows[3].iter().map(Cell::display).collect();
        assert_eq!(
            guess_mapping(ImportKind::Experts, &headers),
            [
                None,
                Some("name".to_owned()),
                Some("gender".to_owned()),
                Some("title".to_owned()),
                Some("phone".to_owned()),
            ]
        );
    }

    #[test]
    fn no_header_row_without_a_required_field_or_within_30_rows() {
        let grid = Grid { name: "x".into(), rows: vec![vec![t("性别"), t("学历"), t("备注")]] };
        assert_eq!(find_header_row(&grid, ImportKind::Experts), None, "no required field");
        let grid = Grid { name: "x".into(), rows: vec![vec![t("姓名"), t("姓名")]] };
        assert_eq!(find_header_row(&grid, ImportKind::Experts), None, "one distinct field");
        let mut rows = vec![vec![t("说明")]; 30];
        rows.push(vec![t("姓名"), t("职称")]);
        assert_eq!(find_header_row(&Grid { name: "x".into(), rows }, ImportKind::Experts), None);
        assert_eq!(find_header_row(&Grid::default(), ImportKind::Services), None);
    }

    #[test]
    fn the_fullest_row_wins_and_the_first_on_a_tie() {
        let grid = Grid {
            name: "x".into(),
            rows: vec![
                vec![t("企业名称"), t("信用代码")],
                vec![t("企业名称"), t("统一社会信用代码"), t("所属行业")],
                vec![t("企业"), t("信用代码"), t("行业")],
            ],
        };
        assert_eq!(find_header_row(&grid, ImportKind::Enterprises), Some(1));
    }

    #[test]
    fn signatures() {
        assert_eq!(
            header_signature(&strings(&[" 姓 名 ", "*职称", "联系电话（手机）", "", " "])),
            "姓名|职称|联系电话"
        );
        assert_eq!(header_signature(&strings(&["A", "", "B"])), "a||b");
        assert_eq!(header_signature(&[]), "");
    }

    #[test]
    fn totals_and_blank_rows() {
        for row in [
            vec![t("合计"), Cell::Number(3.0)],
            vec![Cell::Empty, t("合 计"), Cell::Number(3.0)],
            vec![t("总计：")],
            vec![t(" "), t("1"), t("小计")],
            vec![t("本月合计"), Cell::Number(1.0)],
            vec![t("合计（万元）")],
            vec![t("合计:12家")],
            vec![t("Total")],
            vec![t("Grand total")],
        ] {
            assert!(is_totals_row(&row), "{row:?}");
        }
        for row in [
            vec![t("张三"), t("合计科技有限公司")],
            vec![t("1"), t("2"), t("3"), t("合计")],
            vec![t("合计科技")],
            vec![],
        ] {
            assert!(!is_totals_row(&row), "{row:?}");
        }
        assert!(is_blank_row(&[]));
        assert!(is_blank_row(&[Cell::Empty, t("  "), t("\u{3000}")]));
        assert!(!is_blank_row(&[Cell::Empty, Cell::Number(0.0)]));
    }

    #[test]
    fn column_letters() {
        for (i, want) in [
            (0, "A"),
            (1, "B"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16383, "XFD"),
        ] {
            assert_eq!(column_letter(i), want, "{i}");
        }
    }

    fn column_index(letters: &str) -> u128 {
        letters.bytes().fold(0, |n, b| n * 26 + u128::from(b - b'A' + 1)) - 1
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn header_functions_never_panic(s in any::<String>(), cjk in "[姓名职称企业单位电话（）()*※：: 合计]{0,12}") {
            for &kind in KINDS {
                let _ = match_field(kind, &s);
                let _ = match_field(kind, &cjk);
            }
            let n = normalize_header(&s);
            prop_assert_eq!(normalize_header(&n), n.clone(), "normalising twice changes nothing");
            prop_assert_eq!(normalize_header(&normalize_header(&cjk)), normalize_header(&cjk));
            let _ = (header_signature(&[s.clone(), cjk.clone()]), is_totals_row(&[t(&s), t(&cjk)]));
        }

        #[test]
        fn header_search_never_panics(rows in prop::collection::vec(prop::collection::vec("[姓名职称企业名称信用代码合计 ]{0,6}", 0..6), 0..40)) {
            let grid = Grid { name: String::new(), rows: rows.iter().map(|r| r.iter().map(|s| t(s)).collect()).collect() };
            for &kind in KINDS {
                if let Some(i) = find_header_row(&grid, kind) {
                    prop_assert!(i < 30);
                }
            }
        }

        #[test]
        fn column_letters_count_like_a_spreadsheet(i in any::<usize>()) {
            let letters = column_letter(i);
            prop_assert!(letters.bytes().all(|b| b.is_ascii_uppercase()));
            prop_assert_eq!(column_index(&letters), i as u128);
        }
    }
}
