//! Turning one imported cell into one clean value. Pure functions: no database, no clock.
//!
//! Every fallible reader returns `Ok(None)` for a blank cell — also for a lone `-`, `—` or `/`, which tables use for
//! "nothing" — the value, or an [`Invalid`] in Chinese and English that quotes what the cell holds. A cell holding an
//! error value (`#N/A`) is an error for them and blank for [`text`].
//!
//! Dates: Excel serials use the 1900 date system. Serial 60 is Excel's 1900-02-29, a day that never was (the
//! Lotus 1-2-3 leap-year bug Excel keeps), so it is refused rather than guessed; serials 1–59 are 1900-01-01 to
//! 1900-02-28 and 61 onwards 1900-03-01 onwards, as Excel shows them.
//!
//! Birth months typed into a *number* cell lose a trailing zero: `1978.10` becomes the number 1978.1. The official form
//! of 出生年月 (干部任免审批表, 花名册) writes two-digit months, `1978.01`–`1978.12`, under which the number 1978.1
//! can only be October; so a number cell `YYYY.1` reads as October, `YYYY.01`–`YYYY.09`, `YYYY.2`–`YYYY.9`,
//! `YYYY.11` and `YYYY.12` as written. *Text* is read as typed: `"1978.1"` is January.

use chrono::{Datelike, NaiveDate};

use super::cell::{format_number, Cell};
use super::columns::normalize_header;
use crate::model::codes::{
    Education, EnterpriseSize, EventType, ExpertStatus, ExpertTitle, Gender, NeedType, OrganizationKind, Satisfaction,
    ServiceForm, ServiceType, Urgency, VisitMode,
};
use crate::money::parse_wan;
use crate::normalize::{clean_multiline, clean_text};
use crate::validate::id_card::{mask_id_card, normalize_id_card};
use crate::validate::{email::normalize_email, phone::normalize_phone, Invalid};

/// The cell as one-line text: trimmed, full-width letters and digits half-width, inner runs of spaces folded (each line
/// of a cell with line breaks on its own, blank lines dropped). Numbers read as a spreadsheet shows them (a phone typed
/// as a number stays its digits), dates as `YYYY-MM-DD`. `None` when blank, a placeholder (`-`, `/`) or an error value.
pub fn text(cell: &Cell) -> Option<String> {
    let s = match cell {
        Cell::Empty | Cell::Error(_) => return None,
        Cell::Text(t) => t.split(['\n', '\r']).map(clean_text).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n"),
        other => other.display(),
    };
    (!s.is_empty() && !is_placeholder(&s)).then_some(s)
}

/// Free text over several lines (findings, content, notes), cleaned as [`clean_multiline`] does: Chinese punctuation,
/// inner spacing and paragraphs are kept. Other cells as [`text`].
pub fn long_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(t) => clean_multiline(Some(t)).filter(|s| !is_placeholder(s)),
        other => text(other),
    }
}

/// Text exactly as the cell holds it — line breaks, inner spacing and punctuation untouched (an enterprise's own
/// wording is evidence); only a blank cell or a placeholder is `None`. Other cells as [`text`].
pub fn verbatim(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(t) if t.trim().is_empty() || is_placeholder(t.trim()) => None,
        Cell::Text(t) => Some(t.clone()),
        other => text(other),
    }
}

/// A list in one cell (specialties, a visit's experts): split on `、 , ， ; ； / ｜ |` and line breaks, each item
/// cleaned, empty and repeated items dropped.
pub fn list(cell: &Cell) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in text(cell).unwrap_or_default().split(['、', ',', ';', '/', '|', '\n']).map(clean_text) {
        if !item.is_empty() && !is_placeholder(&item) && !items.contains(&item) {
            items.push(item);
        }
    }
    items
}

/// A calendar day: an Excel serial (its fraction, the time, ignored), an 8-digit number `20230324`, a date cell, or
/// text `2023-03-24`, `2023/3/24`, `2023.3.24`, `2023年3月24日`, `2023年03月24号`, `20230324` (full-width digits,
/// surrounding spaces and a trailing time allowed). A day the calendar does not have (2023-02-30) is an error.
pub fn day(cell: &Cell) -> Result<Option<NaiveDate>, Invalid> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && (10_000_000.0..=99_999_999.0).contains(n) => {
            written_day(&format_number(*n)).map(Some)
        }
        Cell::Number(n) => serial_day(*n).map(Some),
        Cell::DateTime(d) => Ok(Some(d.date())),
        _ => raw(cell)?.map(|s| written_day(&s)).transpose(),
    }
}

/// A month `YYYY-MM` (birth months): text `1978.05`, `1978.5`, `1978-05`, `1978/5`, `1978年5月`, `197805`, a full
/// date (its month), a date cell, an Excel serial, or a number `YYYY.MM` / `YYYYMM` (the number `YYYY.1` is October:
/// see the module's note). A year alone is an error.
pub fn month(cell: &Cell) -> Result<Option<String>, Invalid> {
    match cell {
        Cell::Number(n) => number_month(*n).map(Some),
        Cell::DateTime(d) => Ok(Some(d.format("%Y-%m").to_string())),
        _ => raw(cell)?.map(|s| written_month(&s)).transpose(),
    }
}

/// A phone number, normalised by [`normalize_phone`] (mobiles as 11 digits, landlines as `area-number`). `无` and
/// `暂无` are blank.
pub fn phone(cell: &Cell) -> Result<Option<String>, Invalid> {
    let Some(s) = contact(cell)? else { return Ok(None) };
    normalize_phone(&s).map(Some).map_err(|e| {
        let e = quoting(&s, e);
        if matches!(cell, Cell::Number(_)) && !s.starts_with('1') {
            Invalid::new(
                format!("{}（座机号码写成数字时，区号开头的 0 会被 Excel 去掉，请将该列设为文本）", e.zh),
                format!("{} (a landline typed as a number loses its leading 0; format the column as text)", e.en),
            )
        } else {
            e
        }
    })
}

/// An e-mail address, normalised by [`normalize_email`]. `无` and `暂无` are blank.
pub fn email(cell: &Cell) -> Result<Option<String>, Invalid> {
    let Some(s) = contact(cell)? else { return Ok(None) };
    normalize_email(&s).map(Some).map_err(|e| quoting(&s, e))
}

/// A resident ID number, checked by [`normalize_id_card`] (`today` bounds the birth date). A number Excel stored as
/// a number (shown as `1.10105E+17`) has lost its last digits and is refused with that explanation, as is a masked
/// number (`110105********002X`). `无` and `暂无` are blank. A refused number is quoted masked.
pub fn id_card(cell: &Cell, today: NaiveDate) -> Result<Option<String>, Invalid> {
    let lost = |shown: &str| {
        Invalid::new(
            format!("身份证号“{shown}”被 Excel 存成了数字，末尾几位已经丢失，无法恢复；请将该列设为文本格式后重新填写"),
            format!(
                "the ID number '{shown}' was stored by Excel as a number and its last digits are lost; format the \
                 column as text and type it again"
            ),
        )
    };
    if let Cell::Number(n) = cell {
        if n.abs() >= 1e15 || !n.is_finite() {
            return Err(lost(&excel_scientific(*n)));
        }
    }
    let Some(s) = contact(cell)? else { return Ok(None) };
    if s.contains(['E', 'e']) && s.contains('+') && s.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Err(lost(&s));
    }
    if s.contains('*') {
        return Err(Invalid::new(
            format!("身份证号“{s}”已打码（含 *），无法导入完整号码"),
            format!("the ID number '{s}' is masked (it contains *); the full number cannot be imported"),
        ));
    }
    // The message quotes the number masked, like every view of an ID number (the row and column say which cell).
    normalize_id_card(&s, today).map(Some).map_err(|e| quoting(&mask_id_card(&s), e))
}

/// A unified social credit code as written: half-width, without spaces, upper case (the checking is
/// `validate::credit_code`'s). A code Excel turned into a number of 16 or more digits has lost digits and comes back as
/// Excel shows it (`9.11101E+17`), which the checker refuses.
pub fn credit_code(cell: &Cell) -> Option<String> {
    if let Cell::Number(n) = cell {
        if n.abs() >= 1e15 || !n.is_finite() {
            return Some(excel_scientific(*n));
        }
    }
    let code: String = text(cell)?.chars().filter(|c| !c.is_whitespace()).collect();
    Some(code.to_uppercase())
}

/// A 职称 level from the level itself (正高/副高/中级/初级/其他, or their codes) or from a title: 教授, 研究员,
/// 正高级工程师, 教授级高工, 主任医师, 编审 → 正高; 副教授, 副研究员, 高级工程师, 高工, 高级xx, 副主任医师 → 副高;
/// 讲师, 助理研究员, 工程师, 主治医师, xx师 of the middle grade → 中级; 助教, 助理工程师, 技术员, 研究实习员 → 初级;
/// 无 → 其他. Also the common English titles (professor, associate professor, senior engineer …).
pub fn title(cell: &Cell) -> Result<Option<ExpertTitle>, Invalid> {
    use ExpertTitle::*;
    const WORDS: Words<ExpertTitle> = Words {
        what: ("职称", "title"),
        exact: &[
            ("正高级", Senior),
            ("副高级", AssociateSenior),
            ("无", Other),
            ("暂无", Other),
            ("没有", Other),
            ("未评", Other),
            ("未定级", Other),
            ("无职称", Other),
            ("professor", Senior),
            ("fullprofessor", Senior),
            ("researchprofessor", Senior),
            ("associateprofessor", AssociateSenior),
            ("seniorengineer", AssociateSenior),
            ("assistantprofessor", Intermediate),
            ("lecturer", Intermediate),
            ("engineer", Intermediate),
            ("assistantengineer", Junior),
            ("teachingassistant", Junior),
            ("technician", Junior),
            ("none", Other),
        ],
        // In this order: the first that the word contains decides.
        contains: &[
            ("正高", Senior),
            ("教授级", Senior),
            ("研究员级", Senior),
            ("副高", AssociateSenior),
            ("副教授", AssociateSenior),
            ("副研究员", AssociateSenior),
            ("副主任", AssociateSenior),
            ("副编审", AssociateSenior),
            ("副译审", AssociateSenior),
            ("副研究馆员", AssociateSenior),
            ("高级", AssociateSenior),
            ("高工", AssociateSenior),
            ("助理研究员", Intermediate),
            ("教授", Senior),
            ("研究员", Senior),
            ("研究馆员", Senior),
            ("主任医师", Senior),
            ("主任药师", Senior),
            ("主任护师", Senior),
            ("主任技师", Senior),
            ("编审", Senior),
            ("译审", Senior),
            ("中级", Intermediate),
            ("初级", Junior),
            ("研究实习员", Junior),
            ("助理", Junior),
            ("助教", Junior),
            ("技术员", Junior),
            ("二级教师", Junior),
            ("三级教师", Junior),
            ("一级教师", Intermediate),
            ("讲师", Intermediate),
            ("工程师", Intermediate),
            ("主治", Intermediate),
            ("主管", Intermediate),
            ("经济师", Intermediate),
            ("会计师", Intermediate),
            ("统计师", Intermediate),
            ("审计师", Intermediate),
            ("农艺师", Intermediate),
            ("畜牧师", Intermediate),
            ("兽医师", Intermediate),
            ("实验师", Intermediate),
            ("馆员", Intermediate),
            ("编辑", Intermediate),
            ("医师", Junior),
            ("药师", Junior),
            ("护师", Junior),
            ("技师", Junior),
            ("其他", Other),
        ],
    };
    WORDS.read(cell)
}

/// 学历: 博士/博士研究生 → doctorate, 硕士/研究生 → master, 本科/大学/学士 → bachelor, 专科/大专 → associate,
/// 中专/高中 and the like → other; also the codes, the labels and PhD/master/bachelor.
pub fn education(cell: &Cell) -> Result<Option<Education>, Invalid> {
    use Education::*;
    const WORDS: Words<Education> = Words {
        what: ("学历", "education"),
        exact: &[
            ("大学", Bachelor),
            ("phd", Doctorate),
            ("ph.d.", Doctorate),
            ("ph.d", Doctorate),
            ("doctor", Doctorate),
            ("masters", Master),
            ("msc", Master),
            ("bsc", Bachelor),
            ("college", Associate),
        ],
        contains: &[
            ("博士", Doctorate),
            ("硕士", Master),
            ("研究生", Master),
            ("本科", Bachelor),
            ("学士", Bachelor),
            ("专科", Associate),
            ("大专", Associate),
            ("高职", Associate),
            ("中专", Other),
            ("中职", Other),
            ("中技", Other),
            ("技校", Other),
            ("高中", Other),
            ("初中", Other),
            ("小学", Other),
            ("其他", Other),
        ],
    };
    WORDS.read(cell)
}

/// 性别: 男/女, 男性/女性, M/F, male/female.
pub fn gender(cell: &Cell) -> Result<Option<Gender>, Invalid> {
    use Gender::*;
    const WORDS: Words<Gender> = Words {
        what: ("性别", "gender"),
        exact: &[("男性", Male), ("女性", Female), ("m", Male), ("f", Female), ("man", Male), ("woman", Female)],
        contains: &[],
    };
    WORDS.read(cell)
}

/// 服务方式: 派驻 (驻企, 全职), 兼职 (柔性), 合作.
pub fn service_form(cell: &Cell) -> Result<Option<ServiceForm>, Invalid> {
    use ServiceForm::*;
    const WORDS: Words<ServiceForm> = Words {
        what: ("服务方式", "service form"),
        exact: &[("全职", Stationed), ("parttime", PartTime), ("part-time", PartTime)],
        contains: &[
            ("派驻", Stationed),
            ("驻企", Stationed),
            ("驻点", Stationed),
            ("兼职", PartTime),
            ("柔性", PartTime),
            ("合作", Cooperation),
        ],
    };
    WORDS.read(cell)
}

/// 状态: 在岗 (在职, 服务中, 正常), 暂停 (中止), 期满 (到期, 结束, 退出, 终止).
pub fn expert_status(cell: &Cell) -> Result<Option<ExpertStatus>, Invalid> {
    use ExpertStatus::*;
    const WORDS: Words<ExpertStatus> = Words {
        what: ("状态", "status"),
        exact: &[("正常", Active), ("有效", Active), ("suspended", Paused), ("expired", Ended), ("finished", Ended)],
        contains: &[
            ("暂停", Paused),
            ("中止", Paused),
            ("期满", Ended),
            ("到期", Ended),
            ("结束", Ended),
            ("退出", Ended),
            ("终止", Ended),
            ("离任", Ended),
            ("在岗", Active),
            ("在职", Active),
            ("服务中", Active),
        ],
    };
    WORDS.read(cell)
}

/// 企业规模: 大/大型/大型企业, 中…, 小…, 微…, and large/medium/small/micro.
pub fn enterprise_size(cell: &Cell) -> Result<Option<EnterpriseSize>, Invalid> {
    use EnterpriseSize::*;
    const WORDS: Words<EnterpriseSize> = Words {
        what: ("企业规模", "enterprise size"),
        exact: &[("大", Large), ("中", Medium), ("小", Small), ("微", Micro)],
        contains: &[("大型", Large), ("中型", Medium), ("小型", Small), ("微型", Micro)],
    };
    WORDS.read(cell)
}

/// 走访方式: 实地 (现场, 上门, 入企), 线上 (视频, 网络, 远程), 电话.
pub fn visit_mode(cell: &Cell) -> Result<Option<VisitMode>, Invalid> {
    use VisitMode::*;
    const WORDS: Words<VisitMode> = Words {
        what: ("走访方式", "visit mode"),
        exact: &[("onsite", OnSite), ("on-site", OnSite), ("telephone", Phone), ("video", Online)],
        contains: &[
            ("实地", OnSite),
            ("现场", OnSite),
            ("上门", OnSite),
            ("入企", OnSite),
            ("到企", OnSite),
            ("线上", Online),
            ("视频", Online),
            ("网络", Online),
            ("远程", Online),
            ("在线", Online),
            ("电话", Phone),
        ],
    };
    WORDS.read(cell)
}

/// 服务类型: the eight labels and their usual wordings (技术指导 → 技术咨询, 研发 → 技术攻关, 技术转移 → 成果转化,
/// 政策解读 → 政策宣讲, 讲座 → 培训 …).
pub fn service_type(cell: &Cell) -> Result<Option<ServiceType>, Invalid> {
    use ServiceType::*;
    const WORDS: Words<ServiceType> = Words {
        what: ("服务类型", "service type"),
        exact: &[],
        contains: &[
            ("政策", PolicyBriefing),
            ("宣讲", PolicyBriefing),
            ("申报", ProjectApplication),
            ("转化", ResultTransfer),
            ("转移", ResultTransfer),
            ("攻关", TechBreakthrough),
            ("研发", TechBreakthrough),
            ("人才", TalentTraining),
            ("培训", Training),
            ("讲座", Training),
            ("授课", Training),
            ("咨询", Consulting),
            ("指导", Consulting),
            ("诊断", Consulting),
            ("其他", Other),
        ],
    };
    WORDS.read(cell)
}

/// 活动类型: the four labels and their usual wordings (对接/洽谈/撮合 → 供需对接会, 培训/讲座/宣讲 → 培训会,
/// 路演 → 路演).
pub fn event_type(cell: &Cell) -> Result<Option<EventType>, Invalid> {
    use EventType::*;
    const WORDS: Words<EventType> = Words {
        what: ("活动类型", "event type"),
        exact: &[],
        contains: &[
            ("对接", Matchmaking),
            ("洽谈", Matchmaking),
            ("撮合", Matchmaking),
            ("培训", Training),
            ("讲座", Training),
            ("宣讲", Training),
            ("路演", Roadshow),
            ("其他", Other),
        ],
    };
    WORDS.read(cell)
}

/// 需求类型: the six labels and their usual wordings (攻关/难题 → 技术攻关, 工艺/改造 → 工艺改进, 新产品/研发 → 产品研发,
/// 转化/转让/成果 → 成果转化, 人才/引进/培养 → 人才引育).
pub fn need_type(cell: &Cell) -> Result<Option<NeedType>, Invalid> {
    use NeedType::*;
    const WORDS: Words<NeedType> = Words {
        what: ("需求类型", "need type"),
        exact: &[],
        contains: &[
            ("攻关", TechBreakthrough),
            ("难题", TechBreakthrough),
            ("工艺", ProcessImprovement),
            ("改造", ProcessImprovement),
            ("改进", ProcessImprovement),
            ("产品", ProductDevelopment),
            ("研发", ProductDevelopment),
            ("转化", ResultTransfer),
            ("转让", ResultTransfer),
            ("转移", ResultTransfer),
            ("成果", ResultTransfer),
            ("人才", Talent),
            ("引进", Talent),
            ("培养", Talent),
            ("其他", Other),
        ],
    };
    WORDS.read(cell)
}

/// 紧急程度: 紧急, 较急, 一般 and their usual wordings (非常紧急/特急/急 → 紧急, 比较紧急/较紧急 → 较急, 不急 → 一般).
pub fn urgency(cell: &Cell) -> Result<Option<Urgency>, Invalid> {
    use Urgency::*;
    const WORDS: Words<Urgency> = Words {
        what: ("紧急程度", "urgency"),
        exact: &[("急", High), ("特急", High), ("不急", Low), ("普通", Low), ("high", High), ("low", Low)],
        contains: &[("较", Normal), ("比较", Normal), ("不", Low), ("紧急", High), ("一般", Low)],
    };
    WORDS.read(cell)
}

/// 满意度 of a 服务对象评价: 满意, 基本满意, 不满意 and their usual wordings — 非常满意/很满意 → 满意; 比较满意/较满意
/// and 一般 → 基本满意; 不太满意/很不满意 → 不满意. Grades (优, 良, 差) are not satisfaction and stay errors.
pub fn satisfaction(cell: &Cell) -> Result<Option<Satisfaction>, Invalid> {
    use Satisfaction::*;
    const WORDS: Words<Satisfaction> = Words {
        what: ("满意度", "satisfaction"),
        exact: &[
            ("一般", BasicallySatisfied),
            ("basicallysatisfied", BasicallySatisfied),
            ("unsatisfied", Dissatisfied),
        ],
        contains: &[
            ("不满意", Dissatisfied),
            ("不太满意", Dissatisfied),
            ("基本满意", BasicallySatisfied),
            ("比较满意", BasicallySatisfied),
            ("较满意", BasicallySatisfied),
            ("满意", Satisfied),
        ],
    };
    WORDS.read(cell)
}

/// 单位类型: 高校 (大学, 学院), 科研院所 (研究院, 研究所), 企业 (公司), 其他 (事业单位, 医院, 机关); a unit's name in
/// the column is read as [`guess_organization_kind`] reads it.
pub fn organization_kind(cell: &Cell) -> Result<Option<OrganizationKind>, Invalid> {
    use OrganizationKind::*;
    const WORDS: Words<OrganizationKind> = Words {
        what: ("单位类型", "organisation type"),
        exact: &[
            ("院所", Institute),
            ("科研机构", Institute),
            ("科研单位", Institute),
            ("事业单位", Other),
            ("医院", Other),
            ("机关", Other),
            ("政府", Other),
            ("company", Enterprise),
        ],
        contains: &[],
    };
    let Some(s) = raw(cell)? else { return Ok(None) };
    let word = word_keys(&s).iter().find_map(|k| WORDS.find(k)).or_else(|| organization_marker(&s));
    word.map(Some).ok_or_else(|| WORDS.unknown(&s))
}

/// The type of a dispatching unit from its name: 公司/集团/厂 → 企业 (a 研究院有限公司 is a company), then 大学 →
/// 高校, 研究院/研究所/科学院/研究中心 → 科研院所, 学院/学校 → 高校, anything else 其他.
pub fn guess_organization_kind(name: &str) -> OrganizationKind {
    organization_marker(name).unwrap_or(OrganizationKind::Other)
}

fn organization_marker(name: &str) -> Option<OrganizationKind> {
    use OrganizationKind::*;
    const MARKERS: &[(&str, OrganizationKind)] = &[
        ("公司", Enterprise),
        ("集团", Enterprise),
        ("厂", Enterprise),
        ("企业", Enterprise),
        ("大学", University),
        ("高校", University),
        ("科学院", Institute),
        ("研究院", Institute),
        ("研究所", Institute),
        ("研究中心", Institute),
        ("科院", Institute),
        ("院所", Institute),
        ("学院", University),
        ("学校", University),
    ];
    MARKERS.iter().find(|(marker, _)| name.contains(marker)).map(|&(_, kind)| kind)
}

/// 行业门类 as its GB/T 4754-2017 section letter `A`–`T`: the letter (any case, also `C39` or `C 制造业`), a two- to
/// four-digit division code (`39` → C), or the section's name (制造业 → C; also inside a longer text, and a few
/// common division names such as 软件和信息技术服务业 → I).
pub fn industry(cell: &Cell) -> Result<Option<String>, Invalid> {
    let Some(s) = raw(cell)? else { return Ok(None) };
    section_of(&s).map(|letter| Some(letter.to_string())).ok_or_else(|| {
        Invalid::new(
            format!("“{s}”不是可识别的行业门类（应为 GB/T 4754 门类字母 A–T 或门类名称，如 C 或 制造业）"),
            format!("'{s}' is not a known industry (a GB/T 4754 section letter A–T or its name, e.g. C or 制造业)"),
        )
    })
}

/// A yes/no flag: 是/否, Y/N, yes/no, √/×, 1/0, TRUE/FALSE, 有/无, and a TRUE/FALSE cell. A note in brackets after
/// the word (`是（2022年认定）`) is ignored.
pub fn flag(cell: &Cell) -> Result<Option<bool>, Invalid> {
    if let Cell::Bool(b) = cell {
        return Ok(Some(*b));
    }
    let Some(s) = raw(cell)? else { return Ok(None) };
    let yes_or_no = |key: &String| match key.as_str() {
        "是" | "有" | "对" | "是的" | "y" | "yes" | "√" | "✓" | "✔" | "1" | "true" => Some(true),
        "否" | "无" | "没有" | "不是" | "非" | "n" | "no" | "×" | "✗" | "✘" | "x" | "0" | "false" => {
            Some(false)
        }
        _ => None,
    };
    word_keys(&s).iter().find_map(yes_or_no).map(Some).ok_or_else(|| {
        Invalid::new(
            format!("“{s}”不是可识别的是/否（可填 是、否、√、×、1、0）"),
            format!("'{s}' is not a yes/no value (use 是/否, Y/N, √/×, 1/0)"),
        )
    })
}

/// An amount in 万元 as fen, exactly: a number cell through its decimal text (cut to Excel's 15 significant digits, so
/// a formula's binary noise such as 0.30000000000000004 reads as the 0.3 the sheet shows), or text `12.5`, `12.50万元`,
/// `1,234.5`, `￥12.5万`, full-width digits; text ending in 元 (not 万元) is yuan. Never f64 arithmetic. More than 6
/// decimals of 万元 (less than a fen) or a negative amount is an error.
pub fn money_fen(cell: &Cell) -> Result<Option<i64>, Invalid> {
    let Cell::Number(n) = cell else {
        return raw(cell)?.map(|s| text_fen(&s)).transpose();
    };
    if !n.is_finite() {
        return Err(not_amount(&format_number(*n)));
    }
    let shown = sheet_decimal(*n);
    if *n < 0.0 {
        return Err(Invalid::new(
            format!("金额不能为负数（“{shown}”）"),
            format!("the amount cannot be negative ('{shown}')"),
        ));
    }
    parse_wan(&shown).map(Some).map_err(|e| quoting(&shown, e))
}

/// A count (patents, people trained …): a whole number ≥ 0, also `3.0`, `1,200` and with a unit (`3人`, `3项`,
/// `3人次`, `2件`).
pub fn count(cell: &Cell) -> Result<Option<i64>, Invalid> {
    let bad = |s: &str| {
        Invalid::new(
            format!("“{s}”不是有效的数量（应为不小于 0 的整数，如 3 或 3人次）"),
            format!("'{s}' is not a valid count (a whole number, 0 or more, e.g. 3)"),
        )
    };
    if let Cell::Number(n) = cell {
        return if n.fract() == 0.0 && (0.0..=1e15).contains(n) {
            Ok(Some(*n as i64))
        } else {
            Err(bad(&format_number(*n)))
        };
    }
    let Some(s) = raw(cell)? else { return Ok(None) };
    let units = ["人次", "人", "项", "个", "件", "次", "家", "名", "篇", "场", "期", "台", "套", "款"];
    let plain = plain_number(without_unit(&s, &units)).ok_or_else(|| bad(&s))?;
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    if !fraction.bytes().all(|b| b == b'0') {
        return Err(bad(&s));
    }
    let whole = whole.trim_start_matches('0');
    if whole.is_empty() {
        return Ok(Some(0));
    }
    whole.parse().map(Some).map_err(|_| bad(&s))
}

/// 服务天数: more than 0 in steps of half a day (`1.5`, `2天`, `3个工作日`).
pub fn days(cell: &Cell) -> Result<Option<f64>, Invalid> {
    let check = |n: f64, shown: &str| {
        if n > 0.0 && (n * 2.0).fract() == 0.0 && n.is_finite() {
            Ok(Some(n))
        } else {
            Err(Invalid::new(
                format!("“{shown}”不是有效的天数（应大于 0，以半天为单位，如 1 或 1.5）"),
                format!("'{shown}' is not a valid number of days (more than 0, in half days, e.g. 1 or 1.5)"),
            ))
        }
    };
    if let Cell::Number(n) = cell {
        return check(*n, &format_number(*n));
    }
    let Some(s) = raw(cell)? else { return Ok(None) };
    let units = ["个工作日", "工作日", "天", "日", "days", "day", "d"];
    match plain_number(without_unit(&s, &units)).and_then(|p| p.parse::<f64>().ok()) {
        Some(n) => check(n, &s),
        None => check(f64::NAN, &s),
    }
}

/// A closed list of words that name the values of a code enum.
struct Words<T: 'static> {
    /// The field, in Chinese and English, for the message.
    what: (&'static str, &'static str),
    /// Words (normalised as headers are) that name a value, besides its code and label.
    exact: &'static [(&'static str, T)],
    /// Parts of words, tried in order after the exact words: the first the word contains decides.
    contains: &'static [(&'static str, T)],
}

impl<T: Coded> Words<T> {
    fn read(&self, cell: &Cell) -> Result<Option<T>, Invalid> {
        let Some(s) = raw(cell)? else { return Ok(None) };
        word_keys(&s).iter().find_map(|k| self.find(k)).map(Some).ok_or_else(|| self.unknown(&s))
    }

    fn find(&self, key: &str) -> Option<T> {
        if key.is_empty() {
            return None;
        }
        T::all()
            .iter()
            .copied()
            .find(|t| key == t.code() || key == t.label_zh())
            .or_else(|| self.exact.iter().find(|(w, _)| *w == key).map(|&(_, t)| t))
            .or_else(|| self.contains.iter().find(|(w, _)| key.contains(w)).map(|&(_, t)| t))
    }

    fn unknown(&self, s: &str) -> Invalid {
        let labels: Vec<&str> = T::all().iter().map(|t| t.label_zh()).collect();
        let codes: Vec<&str> = T::all().iter().map(|t| t.code()).collect();
        Invalid::new(
            format!("“{s}”不是可识别的{}（可填：{}）", self.what.0, labels.join("、")),
            format!("'{s}' is not a known {} (use one of: {})", self.what.1, codes.join(", ")),
        )
    }
}

/// The keys a word is looked up by: with a bracketed note's words kept (研究生（博士） → 研究生博士), then without the
/// note (是（2022年认定） → 是); both normalised as headers are.
fn word_keys(s: &str) -> [String; 2] {
    let unbracketed: String = s.chars().filter(|c| !"()[]{}【】〔〕<>".contains(*c)).collect();
    [normalize_header(&unbracketed), normalize_header(s)]
}

/// The labels of a closed list, as the app shows them (the blank template's drop-down lists).
pub(crate) fn labels<T: Coded>() -> Vec<&'static str> {
    T::all().iter().map(|t| t.label_zh()).collect()
}

/// The code enums the readers fill.
pub(crate) trait Coded: Copy + 'static {
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn label_zh(self) -> &'static str;
}

macro_rules! coded {
    ($($t:ident),+) => {$(
        impl Coded for $t {
            fn all() -> &'static [Self] { $t::ALL }
            fn code(self) -> &'static str { $t::code(self) }
            fn label_zh(self) -> &'static str { $t::label_zh(self) }
        }
    )+};
}

coded!(
    ExpertTitle,
    EventType,
    Education,
    Gender,
    ServiceForm,
    ExpertStatus,
    EnterpriseSize,
    VisitMode,
    ServiceType,
    OrganizationKind,
    Satisfaction,
    NeedType,
    Urgency
);

/// GB/T 4754-2017 sections: letter, name without punctuation, first and last division (两位大类).
const SECTIONS: [(char, &str, u8, u8); 20] = [
    ('A', "农林牧渔业", 1, 5),
    ('B', "采矿业", 6, 12),
    ('C', "制造业", 13, 43),
    ('D', "电力热力燃气及水生产和供应业", 44, 46),
    ('E', "建筑业", 47, 50),
    ('F', "批发和零售业", 51, 52),
    ('G', "交通运输仓储和邮政业", 53, 60),
    ('H', "住宿和餐饮业", 61, 62),
    ('I', "信息传输软件和信息技术服务业", 63, 65),
    ('J', "金融业", 66, 69),
    ('K', "房地产业", 70, 70),
    ('L', "租赁和商务服务业", 71, 72),
    ('M', "科学研究和技术服务业", 73, 75),
    ('N', "水利环境和公共设施管理业", 76, 79),
    ('O', "居民服务修理和其他服务业", 80, 82),
    ('P', "教育", 83, 83),
    ('Q', "卫生和社会工作", 84, 85),
    ('R', "文化体育和娱乐业", 86, 90),
    ('S', "公共管理社会保障和社会组织", 91, 97),
    ('T', "国际组织", 98, 98),
];

/// Division names people write instead of their section's.
const DIVISION_NAMES: [(char, &str); 11] = [
    ('A', "农业"),
    ('A', "林业"),
    ('A', "畜牧业"),
    ('A', "渔业"),
    ('F', "批发业"),
    ('F', "零售业"),
    ('I', "软件和信息技术服务业"),
    ('I', "互联网和相关服务"),
    ('M', "研究和试验发展"),
    ('M', "专业技术服务业"),
    ('M', "科技推广和应用服务业"),
];

fn section_of(s: &str) -> Option<char> {
    let key: String = s.chars().filter(|c| !c.is_whitespace() && !"、，,.。;；:：-_/()（）".contains(*c)).collect();
    let mut chars = key.chars();
    let first = chars.next()?.to_ascii_uppercase();
    let rest = chars.as_str();
    let lettered = ('A'..='T').contains(&first);
    if lettered && (rest.is_empty() || rest.bytes().all(|b| b.is_ascii_digit())) {
        return Some(first);
    }
    if lettered && rest.chars().next().is_some_and(|c| !c.is_ascii_alphanumeric()) {
        return Some(first);
    }
    if (2..=4).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_digit()) {
        let division: u8 = key[..2].parse().ok()?;
        return SECTIONS.iter().find(|(_, _, from, to)| (*from..=*to).contains(&division)).map(|s| s.0);
    }
    let names = SECTIONS.iter().map(|&(letter, name, ..)| (letter, name)).chain(DIVISION_NAMES);
    names.filter(|(_, name)| key.contains(name)).max_by_key(|(_, name)| name.len()).map(|(letter, _)| letter)
}

/// Whether cleaned text only stands for "nothing": dashes and slashes.
fn is_placeholder(s: &str) -> bool {
    s.chars().all(|c| matches!(c, '-' | '—' | '–' | '/' | '\\'))
}

/// The cell's text for a fallible reader: `None` when blank, an error for an error value.
fn raw(cell: &Cell) -> Result<Option<String>, Invalid> {
    if let Cell::Error(e) = cell {
        return Err(Invalid::new(
            format!("单元格是错误值“{e}”（公式出错），请改为实际内容"),
            format!("the cell holds the error value '{e}' (a broken formula); put the actual value in"),
        ));
    }
    Ok(text(cell))
}

/// [`raw`] for contact details, where 无 and 暂无 also mean nothing.
fn contact(cell: &Cell) -> Result<Option<String>, Invalid> {
    Ok(raw(cell)?.filter(|s| !matches!(s.as_str(), "无" | "暂无" | "没有")))
}

/// A validator's message with the value quoted in front, unless it quotes the value already.
fn quoting(value: &str, e: Invalid) -> Invalid {
    if e.zh.contains(&format!("“{value}”")) {
        e
    } else {
        Invalid::new(format!("“{value}”：{}", e.zh), format!("'{value}': {}", e.en))
    }
}

fn not_amount(s: &str) -> Invalid {
    Invalid::new(
        format!("“{s}”不是有效金额（以万元为单位的数字，如 12.5）"),
        format!("'{s}' is not a valid amount (a number of 万元, e.g. 12.5)"),
    )
}

/// Text without spaces and without one of `units` at its end.
fn without_unit<'a>(s: &'a str, units: &[&str]) -> &'a str {
    let s = s.trim();
    units.iter().find_map(|u| s.strip_suffix(u)).unwrap_or(s).trim_end()
}

/// A non-negative decimal as plain digits: `1234.5`, `.5`, `5.`, or with thousands separators `1,234.5`. Returns it
/// without the separators.
fn plain_number(s: &str) -> Option<String> {
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if (whole.is_empty() && fraction.is_empty()) || !digits(fraction) {
        return None;
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped = groups.len() == 1 || ((1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped || !groups.iter().all(|g| digits(g)) {
        return None;
    }
    let whole = groups.concat();
    Some(if s.contains('.') { format!("{whole}.{fraction}") } else { whole })
}

fn text_fen(s: &str) -> Result<i64, Invalid> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let body = compact.trim_start_matches(['¥', '￥']);
    let (number, yuan) = match body.strip_suffix("万元").or_else(|| body.strip_suffix('万')) {
        Some(n) => (n, false),
        None => body.strip_suffix('元').map_or((body, false), |n| (n, true)),
    };
    if number.strip_prefix('-').and_then(plain_number).is_some() {
        return Err(Invalid::new(format!("金额不能为负数（“{s}”）"), format!("the amount cannot be negative ('{s}')")));
    }
    let plain = plain_number(number).ok_or_else(|| not_amount(s))?;
    let wan = if yuan { yuan_to_wan(&plain) } else { plain };
    parse_wan(&wan).map_err(|e| quoting(s, e))
}

/// Yuan as 万元 text: the decimal point moved four places left (`12500.5` → `1.25005`).
fn yuan_to_wan(plain: &str) -> String {
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain, ""));
    let padded = format!("{whole:0>5}");
    let (wan, moved) = padded.split_at(padded.len() - 4);
    format!("{wan}.{moved}{fraction}")
}

/// A number as plain decimal text with at most 15 significant digits (what Excel keeps and shows), made by Rust's
/// correctly rounded formatter: no arithmetic on the value.
fn sheet_decimal(n: f64) -> String {
    let scientific = format!("{:.14e}", n.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let point = 1 + exponent.parse::<i64>().unwrap_or(0);
    let plain = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    };
    let plain = if plain.contains('.') { plain.trim_end_matches('0').trim_end_matches('.') } else { &plain };
    let sign = if n < 0.0 { "-" } else { "" };
    format!("{sign}{plain}")
}

/// A large number as Excel's general format shows it: `1.10105E+17`.
fn excel_scientific(n: f64) -> String {
    if !n.is_finite() {
        return format_number(n);
    }
    let s = format!("{n:.5E}");
    let (mantissa, exponent) = s.split_once('E').unwrap_or((&s, "0"));
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    match exponent.strip_prefix('-') {
        Some(e) => format!("{mantissa}E-{e:0>2}"),
        None => format!("{mantissa}E+{exponent:0>2}"),
    }
}

/// A date as text reads: year, month and, if written, day (not yet checked against the calendar).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Written {
    year: i32,
    month: u32,
    day: Option<u32>,
}

fn parse_written(text: &str) -> Option<Written> {
    let compact: String = without_time(text).chars().filter(|c| !c.is_whitespace()).collect();
    let number = |s: &str, widths: std::ops::RangeInclusive<usize>| {
        (widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let (y, m, d): (&str, &str, Option<&str>) = if compact.bytes().all(|b| b.is_ascii_digit()) {
        match compact.len() {
            8 => (&compact[..4], &compact[4..6], Some(&compact[6..])),
            6 => (&compact[..4], &compact[4..], None),
            _ => return None,
        }
    } else if let Some((y, rest)) = compact.split_once('年') {
        let rest = rest.strip_suffix(['日', '号']).unwrap_or(rest);
        match rest.split_once('月') {
            Some((m, "")) => (y, m, None),
            Some((m, d)) => (y, m, Some(d)),
            None => (y, rest, None),
        }
    } else {
        let separator = compact.chars().find(|c| !c.is_ascii_digit())?;
        if !matches!(separator, '-' | '/' | '.') {
            return None;
        }
        match compact.split(separator).collect::<Vec<_>>()[..] {
            [y, m] => (y, m, None),
            [y, m, d] => (y, m, Some(d)),
            _ => return None,
        }
    };
    Some(Written {
        year: number(y, 4..=4)? as i32,
        month: number(m, 1..=2)?,
        day: match d {
            Some(d) => Some(number(d, 1..=2)?),
            None => None,
        },
    })
}

/// Text without a trailing time (`2023-03-24 10:30:00`, `2023-03-24T10:30`).
fn without_time(s: &str) -> &str {
    let Some(colon) = s.find(':') else { return s };
    match s[..colon].rfind([' ', 'T']) {
        Some(i) if s[i + 1..].trim().chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.') => &s[..i],
        _ => s,
    }
}

fn unreadable_day(s: &str) -> Invalid {
    Invalid::new(
        format!("“{s}”不是可识别的日期（可写作 2023-03-24、2023/3/24、2023.3.24、2023年3月24日 或 20230324）"),
        format!(
            "'{s}' is not a date that can be read (write 2023-03-24, 2023/3/24, 2023.3.24, 2023年3月24日 or 20230324)"
        ),
    )
}

fn unreal_date(s: &str) -> Invalid {
    Invalid::new(format!("“{s}”不是真实存在的日期"), format!("'{s}' is not a real calendar date"))
}

fn written_day(s: &str) -> Result<NaiveDate, Invalid> {
    let w = parse_written(s).ok_or_else(|| unreadable_day(s))?;
    let d = w.day.ok_or_else(|| unreadable_day(s))?;
    NaiveDate::from_ymd_opt(w.year, w.month, d).ok_or_else(|| unreal_date(s))
}

/// An Excel serial in the 1900 date system: 1 is 1900-01-01; 60 is the 1900-02-29 Excel invents and is refused.
fn serial_day(n: f64) -> Result<NaiveDate, Invalid> {
    let shown = format_number(n);
    if !(1.0..2_958_466.0).contains(&n) {
        return Err(Invalid::new(
            format!("“{shown}”不是有效日期（作为 Excel 日期序列号应在 1–2958465 之间）"),
            format!("'{shown}' is not a date (an Excel date serial lies between 1 and 2958465)"),
        ));
    }
    let serial = n.floor() as i64;
    if serial == 60 {
        return Err(Invalid::new(
            "Excel 日期序列号 60 是并不存在的 1900-02-29（Excel 沿用的闰年错误），请填写实际日期",
            "Excel date serial 60 is 1900-02-29, a day that never was (a leap-year bug Excel keeps); type the real date",
        ));
    }
    let (epoch, offset) = if serial < 60 { ((1899, 12, 31), serial) } else { ((1899, 12, 30), serial) };
    NaiveDate::from_ymd_opt(epoch.0, epoch.1, epoch.2)
        .and_then(|e| e.checked_add_signed(chrono::TimeDelta::days(offset)))
        .ok_or_else(|| unreal_date(&shown))
}

fn unreadable_month(s: &str) -> Invalid {
    Invalid::new(
        format!("“{s}”不是可识别的年月（可写作 1978-05、1978.05、1978/5、1978年5月 或 197805）"),
        format!("'{s}' is not a month that can be read (write 1978-05, 1978.05, 1978/5, 1978年5月 or 197805)"),
    )
}

fn year_only(s: &str) -> Invalid {
    Invalid::new(
        format!("“{s}”只有年份，缺少月份（如 1978-05）"),
        format!("'{s}' is a year without a month (e.g. 1978-05)"),
    )
}

fn written_month(s: &str) -> Result<String, Invalid> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(year_only(s));
    }
    let w = parse_written(s).ok_or_else(|| unreadable_month(s))?;
    let first = NaiveDate::from_ymd_opt(w.year, w.month, 1).ok_or_else(|| unreadable_month(s))?;
    if let Some(d) = w.day {
        NaiveDate::from_ymd_opt(w.year, w.month, d).ok_or_else(|| unreal_date(s))?;
    }
    Ok(first.format("%Y-%m").to_string())
}

/// A number cell as a month: `YYYY.MM` (the year 1900–2100; `.1` is October), `YYYYMM`, `YYYYMMDD`, or a serial.
fn number_month(n: f64) -> Result<String, Invalid> {
    let shown = format_number(n);
    if (1900.0..2101.0).contains(&n) {
        let (year, fraction) = shown.split_once('.').unwrap_or((&shown, ""));
        let month = match fraction {
            "" => return Err(year_only(&shown)),
            "1" => 10,
            f if f.len() <= 2 => f.parse::<u32>().map_err(|_| unreadable_month(&shown))?,
            _ => return Err(unreadable_month(&shown)),
        };
        let year: i32 = year.parse().map_err(|_| unreadable_month(&shown))?;
        return NaiveDate::from_ymd_opt(year, month, 1)
            .map(|d| d.format("%Y-%m").to_string())
            .ok_or_else(|| unreadable_month(&shown));
    }
    if n.fract() == 0.0 && matches!(shown.len(), 6 | 8) && !shown.starts_with('-') {
        return written_month(&shown);
    }
    serial_day(n).map(|d| format!("{:04}-{:02}", d.year(), d.month()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;
    use proptest::prelude::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        ymd(2026, 11, 27)
    }

    #[test]
    fn text_is_cleaned_and_numbers_read_as_shown() {
        assert_eq!(text(&t("  张\u{3000}\u{3000}三  ")).as_deref(), Some("张 三"));
        assert_eq!(text(&t("ＡＢＣ  有限   公司")).as_deref(), Some("ABC 有限 公司"));
        assert_eq!(text(&t(" 第一行 \r\n\r\n  第二  行 ")).as_deref(), Some("第一行\n第二 行"));
        assert_eq!(text(&Cell::Number(13800138000.0)).as_deref(), Some("13800138000"));
        assert_eq!(text(&Cell::Number(12.5)).as_deref(), Some("12.5"));
        let date = NaiveDateTime::parse_from_str("2023-03-24 00:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(text(&Cell::DateTime(date)).as_deref(), Some("2023-03-24"));
        assert_eq!(text(&Cell::Bool(true)).as_deref(), Some("TRUE"));
        for blank in [Cell::Empty, t(""), t(" \u{3000} "), t("-"), t("——"), t("／"), Cell::Error("#N/A".into())] {
            assert_eq!(text(&blank), None, "{blank:?}");
        }
    }

    #[test]
    fn long_text_keeps_chinese_punctuation_and_paragraphs() {
        assert_eq!(
            long_text(&t(" 良率低，需改进（Ａ线）\r\n\r\n第二段 ")).as_deref(),
            Some("良率低，需改进（A线）\n\n第二段")
        );
        assert_eq!(long_text(&t(" - ")), None);
        assert_eq!(long_text(&Cell::Number(3.0)).as_deref(), Some("3"));
    }

    #[test]
    fn lists_split_on_every_usual_separator() {
        assert_eq!(
            list(&t("机器人、 数控机床,新材料；新能源/ 储能 ｜ 芯片\n软件;;、")),
            ["机器人", "数控机床", "新材料", "新能源", "储能", "芯片", "软件"]
        );
        assert_eq!(list(&t("张三，李四，张三")), ["张三", "李四"]);
        assert!(list(&Cell::Empty).is_empty());
        assert!(list(&t(" / ")).is_empty());
    }

    #[test]
    fn days_in_every_written_form() {
        let want = Some(ymd(2023, 3, 24));
        for s in [
            "2023/3/24",
            "2023-03-24",
            "2023.3.24",
            "2023年3月24日",
            "2023年03月24号",
            "2023 年 3 月 24 日",
            "20230324",
            "２０２３／３／２４",
            "２０２３年３月２４日",
            "  2023-3-24  ",
            "2023-03-24 10:30:00",
            "2023/3/24 9:05",
            "2023-03-24T10:30",
            "2023年3月24日 10:30",
        ] {
            assert_eq!(day(&t(s)), Ok(want), "{s}");
        }
        assert_eq!(day(&Cell::Number(20230324.0)), Ok(want));
        let dt = NaiveDateTime::parse_from_str("2023-03-24 15:45:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(day(&Cell::DateTime(dt)), Ok(want));
        assert_eq!(day(&Cell::Empty), Ok(None));
        assert_eq!(day(&t(" / ")), Ok(None));
    }

    #[test]
    fn bad_days_are_refused_quoting_the_value() {
        let e = day(&t("2023-02-30")).unwrap_err();
        assert!(e.zh.contains("“2023-02-30”") && e.zh.contains("真实"), "{}", e.zh);
        assert!(e.en.contains("'2023-02-30'"), "{}", e.en);
        for s in ["2023-13-01", "20230230", "2023年2月29日", "2024/2/30"] {
            assert!(day(&t(s)).unwrap_err().zh.contains("真实存在"), "{s}");
        }
        for s in
            ["abc", "23/3/24", "3/24/2023", "2023-03", "2023", "2023-3-24-1", "2023/3-24", "45009", "2023-03-24 abc"]
        {
            let e = day(&t(s)).unwrap_err();
            assert!(e.zh.contains(&format!("“{s}”")) && e.zh.contains("不是可识别的日期"), "{s}: {}", e.zh);
        }
        assert!(day(&Cell::Bool(true)).unwrap_err().zh.contains("“TRUE”"));
        assert!(day(&Cell::Error("#VALUE!".into())).unwrap_err().zh.contains("#VALUE!"));
    }

    #[test]
    fn excel_serials_in_the_1900_system() {
        assert_eq!(day(&Cell::Number(45009.0)), Ok(Some(ymd(2023, 3, 24))));
        assert_eq!(day(&Cell::Number(45009.75)), Ok(Some(ymd(2023, 3, 24))), "the time is ignored");
        assert_eq!(day(&Cell::Number(1.0)), Ok(Some(ymd(1900, 1, 1))));
        assert_eq!(day(&Cell::Number(59.0)), Ok(Some(ymd(1900, 2, 28))));
        assert_eq!(day(&Cell::Number(61.0)), Ok(Some(ymd(1900, 3, 1))));
        assert_eq!(day(&Cell::Number(2958465.0)), Ok(Some(ymd(9999, 12, 31))));
        assert!(day(&Cell::Number(60.0)).unwrap_err().zh.contains("1900-02-29"));
        for n in [0.0, 0.5, -1.0, 2958466.0, 1e20, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(day(&Cell::Number(n)).is_err(), "{n}");
        }
        assert!(day(&Cell::Number(0.0)).unwrap_err().zh.contains("“0”"));
    }

    #[test]
    fn months_in_every_form() {
        for s in [
            "1978.05",
            "1978.5",
            "1978-05",
            "1978-5",
            "1978/5",
            "1978年5月",
            "1978年05月",
            "197805",
            "1978-05-12",
            "1978年5月12日",
            "19780512",
            "１９７８．０５",
            " 1978.05 ",
        ] {
            assert_eq!(month(&t(s)).as_ref().map(Option::as_deref), Ok(Some("1978-05")), "{s}");
        }
        assert_eq!(month(&t("1978.1")).as_ref().map(Option::as_deref), Ok(Some("1978-01")), "text is read as typed");
        assert_eq!(month(&t("1978.10")).as_ref().map(Option::as_deref), Ok(Some("1978-10")));
        let dt = NaiveDateTime::parse_from_str("1978-05-12 00:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(month(&Cell::DateTime(dt)).as_ref().map(Option::as_deref), Ok(Some("1978-05")));
        assert_eq!(month(&Cell::Empty), Ok(None));
    }

    #[test]
    fn months_from_number_cells() {
        for (n, want) in [
            (1978.05, "1978-05"),
            (1978.5, "1978-05"),
            (1978.01, "1978-01"),
            (1978.09, "1978-09"),
            (1978.1, "1978-10"),
            (1978.11, "1978-11"),
            (1978.12, "1978-12"),
            (197805.0, "1978-05"),
            (19780512.0, "1978-05"),
            (28622.0, "1978-05"),
        ] {
            assert_eq!(month(&Cell::Number(n)).as_ref().map(Option::as_deref), Ok(Some(want)), "{n}");
        }
        assert!(month(&Cell::Number(1978.0)).unwrap_err().zh.contains("缺少月份"));
        for n in [1978.13, 1978.123, 1978.0, 197813.0, 19780230.0, 0.0, -5.0, 60.0, f64::NAN] {
            assert!(month(&Cell::Number(n)).is_err(), "{n}");
        }
    }

    #[test]
    fn bad_months_are_refused() {
        assert!(month(&t("1978")).unwrap_err().zh.contains("“1978”只有年份"));
        for s in ["1978-13", "1978-00", "78.5", "1978-02-30", "五月", "1978.5.5.5"] {
            let e = month(&t(s)).unwrap_err();
            assert!(e.zh.contains(&format!("“{s}”")), "{s}: {}", e.zh);
        }
    }

    #[test]
    fn contacts_reuse_the_validators_and_quote_the_value() {
        assert_eq!(phone(&t("+86 138-0013-8000")).as_ref().map(Option::as_deref), Ok(Some("13800138000")));
        assert_eq!(phone(&Cell::Number(13800138000.0)).as_ref().map(Option::as_deref), Ok(Some("13800138000")));
        assert_eq!(phone(&t("０５７１－８８８８６６６６")).as_ref().map(Option::as_deref), Ok(Some("0571-88886666")));
        assert_eq!(phone(&t("无")), Ok(None));
        let e = phone(&t("1380013800")).unwrap_err();
        assert!(e.zh.starts_with("“1380013800”：") && e.zh.contains("11 位"), "{}", e.zh);
        assert!(e.en.starts_with("'1380013800': "), "{}", e.en);
        assert!(phone(&Cell::Number(57188886666.0)).unwrap_err().zh.contains("区号开头的 0"));

        assert_eq!(email(&t(" Li@QQ.COM ")).as_ref().map(Option::as_deref), Ok(Some("Li@qq.com")));
        assert_eq!(email(&t("暂无")), Ok(None));
        assert!(email(&t("li@qq")).unwrap_err().zh.contains("“li@qq”"));

        assert_eq!(
            id_card(&t(" 11010519491231002x "), today()).as_ref().map(Option::as_deref),
            Ok(Some("11010519491231002X"))
        );
        assert_eq!(id_card(&Cell::Empty, today()), Ok(None));
        let e = id_card(&Cell::Number(110105194912310021.0), today()).unwrap_err();
        assert!(e.zh.contains("“1.10105E+17”") && e.zh.contains("丢失"), "{}", e.zh);
        assert!(e.en.contains("last digits are lost"), "{}", e.en);
        assert!(id_card(&t("1.10105E+17"), today()).unwrap_err().zh.contains("丢失"));
        assert!(id_card(&t("110105********002X"), today()).unwrap_err().zh.contains("打码"));
        assert!(id_card(&t("110105194912310021"), today())
            .unwrap_err()
            .zh
            .contains("“110105********0021”：身份证号校验位"));
    }

    #[test]
    fn credit_codes_are_only_tidied() {
        assert_eq!(credit_code(&t(" ９１３５ 0100m000100y43 ")).as_deref(), Some("91350100M000100Y43"));
        assert_eq!(credit_code(&Cell::Empty), None);
        assert_eq!(credit_code(&Cell::Number(911101081000000000.0)).as_deref(), Some("9.11101E+17"));
        assert_eq!(credit_code(&Cell::Number(12345.0)).as_deref(), Some("12345"));
    }

    #[test]
    fn titles_from_levels_and_titles() {
        use ExpertTitle::*;
        for (s, want) in [
            ("正高", Senior),
            ("senior", Senior),
            ("教授", Senior),
            ("研究员", Senior),
            ("正高级工程师", Senior),
            ("正高级经济师", Senior),
            ("教授级高级工程师", Senior),
            ("教授级高工", Senior),
            ("研究员级高级工程师", Senior),
            ("主任医师", Senior),
            ("编审", Senior),
            ("教授（博导）", Senior),
            ("Professor", Senior),
            ("副高", AssociateSenior),
            ("associate_senior", AssociateSenior),
            ("副教授", AssociateSenior),
            ("副研究员", AssociateSenior),
            ("高级工程师", AssociateSenior),
            ("高工", AssociateSenior),
            ("高级经济师", AssociateSenior),
            ("高级农艺师", AssociateSenior),
            ("副主任医师", AssociateSenior),
            ("副编审", AssociateSenior),
            ("Associate Professor", AssociateSenior),
            ("中级", Intermediate),
            ("讲师", Intermediate),
            ("助理研究员", Intermediate),
            ("工程师", Intermediate),
            ("主治医师", Intermediate),
            ("经济师", Intermediate),
            ("中级职称", Intermediate),
            ("初级", Junior),
            ("助教", Junior),
            ("助理工程师", Junior),
            ("技术员", Junior),
            ("研究实习员", Junior),
            ("无", Other),
            ("其他", Other),
            ("other", Other),
        ] {
            assert_eq!(title(&t(s)), Ok(Some(want)), "{s}");
        }
        assert_eq!(title(&Cell::Empty), Ok(None));
        let e = title(&t("院长")).unwrap_err();
        assert!(e.zh.contains("“院长”不是可识别的职称") && e.zh.contains("正高、副高"), "{}", e.zh);
        assert!(e.en.contains("'院长'") && e.en.contains("senior, associate_senior"), "{}", e.en);
    }

    #[test]
    fn other_code_words() {
        use Education as E;
        for (s, want) in [
            ("博士", E::Doctorate),
            ("博士研究生", E::Doctorate),
            ("研究生（博士）", E::Doctorate),
            ("PhD", E::Doctorate),
            ("硕士", E::Master),
            ("研究生", E::Master),
            ("硕士研究生", E::Master),
            ("本科", E::Bachelor),
            ("大学本科", E::Bachelor),
            ("大学", E::Bachelor),
            ("大专", E::Associate),
            ("专科", E::Associate),
            ("中专", E::Other),
            ("doctorate", E::Doctorate),
        ] {
            assert_eq!(education(&t(s)), Ok(Some(want)), "{s}");
        }
        assert!(education(&t("自学")).unwrap_err().zh.contains("“自学”不是可识别的学历"));

        for (s, want) in
            [("男", Gender::Male), ("女性", Gender::Female), ("M", Gender::Male), ("female", Gender::Female)]
        {
            assert_eq!(gender(&t(s)), Ok(Some(want)), "{s}");
        }
        assert!(gender(&t("未知")).is_err());

        for (s, want) in [
            ("派驻", ServiceForm::Stationed),
            ("驻企服务", ServiceForm::Stationed),
            ("兼职", ServiceForm::PartTime),
            ("柔性服务", ServiceForm::PartTime),
            ("项目合作", ServiceForm::Cooperation),
            ("part_time", ServiceForm::PartTime),
        ] {
            assert_eq!(service_form(&t(s)), Ok(Some(want)), "{s}");
        }
        assert!(service_form(&t("其他")).is_err());

        for (s, want) in [
            ("在岗", ExpertStatus::Active),
            ("服务中", ExpertStatus::Active),
            ("暂停", ExpertStatus::Paused),
            ("期满", ExpertStatus::Ended),
            ("已到期", ExpertStatus::Ended),
            ("ended", ExpertStatus::Ended),
        ] {
            assert_eq!(expert_status(&t(s)), Ok(Some(want)), "{s}");
        }

        for (s, want) in [
            ("大", EnterpriseSize::Large),
            ("大型", EnterpriseSize::Large),
            ("大型企业", EnterpriseSize::Large),
            ("中型企业", EnterpriseSize::Medium),
            ("小", EnterpriseSize::Small),
            ("微型", EnterpriseSize::Micro),
            ("Micro", EnterpriseSize::Micro),
        ] {
            assert_eq!(enterprise_size(&t(s)), Ok(Some(want)), "{s}");
        }
        assert!(enterprise_size(&t("小微")).is_err(), "ambiguous");

        for (s, want) in [
            ("实地", VisitMode::OnSite),
            ("现场走访", VisitMode::OnSite),
            ("上门", VisitMode::OnSite),
            ("线上", VisitMode::Online),
            ("视频会议", VisitMode::Online),
            ("网络", VisitMode::Online),
            ("电话", VisitMode::Phone),
            ("电话访谈", VisitMode::Phone),
            ("on_site", VisitMode::OnSite),
        ] {
            assert_eq!(visit_mode(&t(s)), Ok(Some(want)), "{s}");
        }
        assert!(visit_mode(&t("信函")).is_err());

        for (s, want) in [
            ("技术咨询", ServiceType::Consulting),
            ("技术指导", ServiceType::Consulting),
            ("联合攻关", ServiceType::TechBreakthrough),
            ("技术转移", ServiceType::ResultTransfer),
            ("人才培养", ServiceType::TalentTraining),
            ("项目申报", ServiceType::ProjectApplication),
            ("政策咨询", ServiceType::PolicyBriefing),
            ("技术培训", ServiceType::Training),
            ("其他", ServiceType::Other),
            ("consulting", ServiceType::Consulting),
        ] {
            assert_eq!(service_type(&t(s)), Ok(Some(want)), "{s}");
        }
        assert!(service_type(&t("喝茶")).is_err());
    }

    #[test]
    fn organization_kinds_from_words_and_names() {
        use OrganizationKind::*;
        for (s, want) in [
            ("高校", University),
            ("大学", University),
            ("学院", University),
            ("科研院所", Institute),
            ("研究所", Institute),
            ("企业", Enterprise),
            ("公司", Enterprise),
            ("事业单位", Other),
            ("其他", Other),
            ("institute", Institute),
        ] {
            assert_eq!(organization_kind(&t(s)), Ok(Some(want)), "{s}");
        }
        assert!(organization_kind(&t("协会")).unwrap_err().zh.contains("“协会”"));
        for (name, want) in [
            ("浙江大学", University),
            ("杭州职业技术学院", University),
            ("中国科学院大学", University),
            ("浙江省机电设计研究院", Institute),
            ("中国科学院宁波材料技术与工程研究所", Institute),
            ("中国农业科学院", Institute),
            ("某某工程技术研究中心", Institute),
            ("浙江某某研究院有限公司", Enterprise),
            ("杭州钢铁集团", Enterprise),
            ("国营第七〇一厂", Enterprise),
            ("某某市人民医院", Other),
            ("", Other),
        ] {
            assert_eq!(guess_organization_kind(name), want, "{name}");
        }
    }

    #[test]
    fn industries_as_section_letters() {
        for (s, want) in [
            ("C", "C"),
            ("c", "C"),
            ("C 制造业", "C"),
            ("C制造业", "C"),
            ("C-制造业", "C"),
            ("C39", "C"),
            ("39", "C"),
            ("6513", "I"),
            ("制造业", "C"),
            ("信息传输、软件和信息技术服务业", "I"),
            ("信息传输软件和信息技术服务业", "I"),
            ("软件和信息技术服务业", "I"),
            ("农、林、牧、渔业", "A"),
            ("汽车制造业", "C"),
            ("科学研究和技术服务业", "M"),
            ("教育", "P"),
            ("Ｔ", "T"),
        ] {
            assert_eq!(industry(&t(s)).as_ref().map(Option::as_deref), Ok(Some(want)), "{s}");
        }
        assert_eq!(industry(&Cell::Number(39.0)).as_ref().map(Option::as_deref), Ok(Some("C")));
        for s in ["U", "Z", "IT", "99", "高科技", "1"] {
            assert!(industry(&t(s)).unwrap_err().zh.contains(&format!("“{s}”")), "{s}");
        }
    }

    #[test]
    fn flags() {
        for s in ["是", "Y", "yes", "√", "1", "TRUE", "有", "是（2022年认定）"] {
            assert_eq!(flag(&t(s)), Ok(Some(true)), "{s}");
        }
        for s in ["否", "N", "no", "×", "0", "false", "无"] {
            assert_eq!(flag(&t(s)), Ok(Some(false)), "{s}");
        }
        assert_eq!(flag(&Cell::Bool(true)), Ok(Some(true)));
        assert_eq!(flag(&Cell::Number(0.0)), Ok(Some(false)));
        assert_eq!(flag(&Cell::Empty), Ok(None));
        assert_eq!(flag(&t("/")), Ok(None));
        assert!(flag(&t("待定")).unwrap_err().zh.contains("“待定”"));
        assert!(flag(&Cell::Number(2.0)).is_err());
    }

    #[test]
    fn money_is_exact() {
        for (cell, fen) in [
            (t("12.5"), 12_500_000),
            (t("12.50万元"), 12_500_000),
            (t("12.5 万"), 12_500_000),
            (t("1,234.5"), 1_234_500_000),
            (t("１２．５"), 12_500_000),
            (t("￥12.5万"), 12_500_000),
            (t("0.0001"), 100),
            (t("0.000001"), 1),
            (t("0"), 0),
            (t("12500元"), 1_250_000),
            (t("0.01元"), 1),
            (Cell::Number(0.0001), 100),
            (Cell::Number(12.345678), 12_345_678),
            (Cell::Number(12.5), 12_500_000),
            (Cell::Number(0.1 + 0.2), 300_000),
            (Cell::Number(99_999_999.999999), 99_999_999_999_999),
            (Cell::Number(1e-6), 1),
            (Cell::Number(-0.0), 0),
        ] {
            assert_eq!(money_fen(&cell), Ok(Some(fen)), "{cell:?}");
        }
        assert_eq!(money_fen(&Cell::Empty), Ok(None));
        assert_eq!(money_fen(&t("-")), Ok(None));
        assert!(money_fen(&t("-5")).unwrap_err().zh.contains("负数"));
        assert!(money_fen(&t("-5万元")).unwrap_err().zh.contains("“-5万元”"));
        assert!(money_fen(&Cell::Number(-5.0)).unwrap_err().zh.contains("负数（“-5”）"));
        assert!(money_fen(&Cell::Number(0.0000001)).unwrap_err().en.contains("more than 6 decimals"));
        assert!(money_fen(&Cell::Number(1e9)).unwrap_err().en.contains("too large"));
        assert!(money_fen(&t("0.001元")).unwrap_err().zh.contains("“0.001元”"));
        for s in ["abc", "1,2", "12.5亿", "1.2.3", "1e3", "十万"] {
            let e = money_fen(&t(s)).unwrap_err();
            assert!(e.zh.contains(&format!("“{s}”")) && e.en.contains(&format!("'{s}'")), "{s}: {}", e.zh);
        }
        assert!(money_fen(&Cell::Number(f64::NAN)).is_err());
        assert!(money_fen(&Cell::Bool(true)).is_err());
    }

    #[test]
    fn sheet_decimals_are_plain_text() {
        assert_eq!(sheet_decimal(0.1 + 0.2), "0.3");
        assert_eq!(sheet_decimal(12.345678), "12.345678");
        assert_eq!(sheet_decimal(1e20), "100000000000000000000");
        assert_eq!(sheet_decimal(1.5e-7), "0.00000015");
        assert_eq!(sheet_decimal(0.0), "0");
        assert_eq!(sheet_decimal(-2.5), "-2.5");
        assert_eq!(excel_scientific(110105194912310021.0), "1.10105E+17");
        assert_eq!(excel_scientific(1e20), "1E+20");
    }

    #[test]
    fn counts_and_days() {
        for (cell, want) in [
            (t("3"), 3),
            (t("3.0"), 3),
            (t("3人"), 3),
            (t("3 项"), 3),
            (t("12人次"), 12),
            (t("1,200"), 1200),
            (t("0"), 0),
            (t("００７"), 7),
            (Cell::Number(3.0), 3),
        ] {
            assert_eq!(count(&cell), Ok(Some(want)), "{cell:?}");
        }
        assert_eq!(count(&Cell::Empty), Ok(None));
        for cell in
            [t("-1"), t("3.5"), t("三"), t("3人3"), Cell::Number(-1.0), Cell::Number(2.5), Cell::Number(f64::NAN)]
        {
            assert!(count(&cell).is_err(), "{cell:?}");
        }
        assert!(count(&t("99999999999999999999")).is_err());
        assert!(count(&t("3.5项")).unwrap_err().zh.contains("“3.5项”"));

        for (cell, want) in
            [(t("1.5"), 1.5), (t("2天"), 2.0), (t("0.5 天"), 0.5), (t("3个工作日"), 3.0), (Cell::Number(4.0), 4.0)]
        {
            assert_eq!(days(&cell), Ok(Some(want)), "{cell:?}");
        }
        assert_eq!(days(&t("")), Ok(None));
        for cell in
            [t("0"), t("-1"), t("1.3"), t("两天"), Cell::Number(0.0), Cell::Number(0.25), Cell::Number(f64::INFINITY)]
        {
            assert!(days(&cell).is_err(), "{cell:?}");
        }
        assert!(days(&t("1.3天")).unwrap_err().zh.contains("“1.3天”"));
    }

    fn any_cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            Just(Cell::Empty),
            any::<String>().prop_map(Cell::Text),
            "[0-9０-９年月日号./\\- :,万元人次天]{0,16}".prop_map(Cell::Text),
            any::<f64>().prop_map(Cell::Number),
            (-1e7..1e8f64).prop_map(Cell::Number),
            (-1_000_000..4_000_000i32, 0..86_400u32).prop_map(|(d, s)| {
                let date = NaiveDate::from_num_days_from_ce_opt(d).unwrap_or_default();
                Cell::DateTime(date.and_time(chrono::NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap()))
            }),
            any::<bool>().prop_map(Cell::Bool),
            ".{0,8}".prop_map(Cell::Error),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn no_reader_panics(cell in any_cell()) {
            let _ = (text(&cell), long_text(&cell), list(&cell), credit_code(&cell));
            let _ = (day(&cell), month(&cell), phone(&cell), email(&cell), id_card(&cell, today()));
            let _ = (title(&cell), education(&cell), gender(&cell), service_form(&cell), expert_status(&cell));
            let _ = (enterprise_size(&cell), industry(&cell), flag(&cell), visit_mode(&cell), service_type(&cell));
            let _ = (organization_kind(&cell), money_fen(&cell), count(&cell), days(&cell));
            if let Some(s) = text(&cell) {
                let _ = guess_organization_kind(&s);
            }
        }

        #[test]
        fn money_numbers_written_from_fen_read_back_exactly(fen in 0..100_000_000_000_000i64) {
            prop_assert_eq!(money_fen(&Cell::Number(crate::money::wan_number(fen))), Ok(Some(fen)));
            prop_assert_eq!(money_fen(&t(&crate::money::format_wan(fen))), Ok(Some(fen)));
        }

        #[test]
        fn serials_and_written_days_agree(serial in 61..2_958_466i64) {
            let d = day(&Cell::Number(serial as f64)).unwrap().unwrap();
            prop_assert_eq!((d - ymd(1899, 12, 30)).num_days(), serial);
            prop_assert_eq!(day(&t(&d.format("%Y年%-m月%-d日").to_string())), Ok(Some(d)));
            prop_assert_eq!(day(&t(&d.format("%Y/%-m/%-d").to_string())), Ok(Some(d)));
            if (2101..100_000).contains(&serial) {
                prop_assert_eq!(month(&Cell::Number(serial as f64)), Ok(Some(d.format("%Y-%m").to_string())));
            }
        }
    }
}
