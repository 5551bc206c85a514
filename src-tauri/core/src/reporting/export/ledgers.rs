//! The five ledgers an export writes — 花名册, 企业名录, 走访记录台账, 服务台账, 技术需求清单: their columns (key,
//! Chinese and English header, widest width, how a value is read) and the query that streams their rows for a
//! period and scope.
//!
//! Which rows (the scope rules of [`crate::reporting::report_filter`], whose conditions the statistics use too):
//! - 花名册: live experts of the unit and batch whose service period overlaps the period (a blank start or end is
//!   open); with a region, those paired with, or who visited or served, an enterprise of the region.
//! - 企业名录: live enterprises of the region; with a unit or batch, those paired with, visited or served by an
//!   expert of it. Not limited by the period; 期内走访 and 期内服务 count the visits and service records in scope in
//!   the period.
//! - 走访记录台账: live visits in the period (by visit date) in scope (the enterprise's region, any participant's unit
//!   and batch).
//! - 服务台账: live service records starting in the period in scope (the enterprise's region, the expert's unit and
//!   batch).
//! - 技术需求清单: live needs in scope (the enterprise's region, any matched expert's unit and batch) that were
//!   created on or before the period's last day (UTC date, as the statistics count them) and not closed (已解决,
//!   搁置 or 已合并) before its first day.

use rusqlite::types::{Value as SqlValue, ValueRef};

use super::value::{CellKind, Value};
use crate::error::{CoreError, Result};
use crate::exchange::provenance;
use crate::model::{
    Education, EnterpriseSize, EventType, ExpertStatus, ExpertTitle, ExportKind, Gender, NeedSource, NeedStage,
    NeedType, OrganizationKind, Satisfaction, ServiceForm, ServiceType, Urgency, VisitMode,
};
use crate::reporting::report_filter::{Condition, ScopedFilter};
use crate::validate::id_card::mask_id_card;

/// How a column's stored value becomes a cell.
#[derive(Clone, Copy)]
pub(crate) enum Decode {
    /// Text as stored.
    Text,
    /// A stored code shown by its Chinese label.
    Label(fn(&str) -> Option<&'static str>),
    /// 0/1 shown as 否/是.
    Flag,
    /// A resident ID number, masked unless the request asks for it in full.
    IdCard,
    /// A `YYYY-MM-DD` day.
    Date,
    /// A decimal number (days).
    Number,
    /// Fen, shown in 万元.
    Wan,
    /// A whole number.
    Count,
    /// 序号: the row's number from 1, counted as the rows are written (its query selects nothing).
    Serial,
}

impl Decode {
    /// How the cell is written.
    pub(crate) fn cell_kind(self) -> CellKind {
        match self {
            Self::Text | Self::Label(_) | Self::Flag | Self::IdCard => CellKind::Text,
            Self::Date => CellKind::Date,
            Self::Number => CellKind::Number,
            Self::Wan => CellKind::Wan,
            Self::Count => CellKind::Count,
            Self::Serial => CellKind::Serial,
        }
    }

    /// The cell of the `n`th row (from 1) of a column whose decoding is this: its 序号 for [`Decode::Serial`], otherwise
    /// the stored value's ([`Decode::value`]).
    pub(crate) fn row_value<'r>(self, n: u64, stored: ValueRef<'r>, full_id: bool, column: &str) -> Result<Value<'r>> {
        match self {
            Self::Serial => Ok(Value::Count(n as i64)),
            _ => self.value(stored, full_id, column),
        }
    }

    /// The cell of a stored value (`column` names the column in an error about a value of the wrong type).
    pub(crate) fn value<'r>(self, stored: ValueRef<'r>, full_id: bool, column: &str) -> Result<Value<'r>> {
        let wrong = || CoreError::CorruptValue(format!("export column {column}"));
        let text = |v: ValueRef<'r>| v.as_str().map_err(|_| wrong());
        Ok(match (self, stored) {
            (_, ValueRef::Null) => Value::Blank,
            (Self::Text, v) => match v {
                ValueRef::Integer(n) => Value::Text(n.to_string().into()),
                v => Value::Text(text(v)?.into()),
            },
            (Self::Label(label), v) => {
                let code = text(v)?;
                Value::Text(label(code).unwrap_or(code).into())
            }
            (Self::Flag, ValueRef::Integer(n)) => Value::Text(if n != 0 { "是" } else { "否" }.into()),
            (Self::IdCard, v) if full_id => Value::Text(text(v)?.into()),
            (Self::IdCard, v) => Value::Text(mask_id_card(text(v)?).into()),
            (Self::Date, v) => Value::Date(text(v)?),
            (Self::Number, ValueRef::Real(n)) => Value::Number(n),
            (Self::Number, ValueRef::Integer(n)) => Value::Number(n as f64),
            (Self::Wan, ValueRef::Integer(fen)) => Value::Wan(fen),
            (Self::Count, ValueRef::Integer(n)) => Value::Count(n),
            _ => return Err(wrong()),
        })
    }
}

/// The SQL a column selects: fixed text, text with `?` values that depend on the period and scope, or an id whose
/// name is looked up.
#[derive(Clone, Copy)]
pub(crate) enum Select {
    /// An expression without placeholders.
    Fixed(&'static str),
    /// An expression built from the filter.
    Scoped(fn(&ScopedFilter) -> Condition),
    /// 来源: the names of the origins of the record of kind `entity` (a `merged_records` entity) whose id is in
    /// `id` (see [`crate::exchange::provenance::names_sql`]).
    Origins { entity: &'static str, id: &'static str },
    /// The row's id in `key`, shown as the one value `sql` finds for it (`?` is the id). The export keeps what it
    /// found, so a name repeated over a million rows (a few thousand experts and enterprises) is read once rather
    /// than joined on every row, which cost about a fifth of the service ledger's export time.
    Lookup { key: &'static str, sql: &'static str },
}

/// One exportable column of a ledger.
#[derive(Clone, Copy)]
pub(crate) struct Column {
    /// Its key in `ExportRequest.columns`.
    pub key: &'static str,
    /// The Chinese header.
    pub zh: &'static str,
    /// The English header.
    pub en: &'static str,
    /// The widest the column gets, in character widths (longer text wraps).
    pub width: u16,
    /// How its value becomes a cell.
    pub decode: Decode,
    /// What it selects.
    pub select: Select,
}

fn col(key: &'static str, zh: &'static str, en: &'static str, width: u16, decode: Decode, sql: &'static str) -> Column {
    Column { key, zh, en, width, decode, select: Select::Fixed(sql) }
}

/// A text column showing what `sql` finds for the row's id in `id`.
fn looked_up(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    width: u16,
    id: &'static str,
    sql: &'static str,
) -> Column {
    Column { key, zh, en, width, decode: Decode::Text, select: Select::Lookup { key: id, sql } }
}

/// A ledger: its sheet name and title, its columns, and the rows it streams.
pub(crate) struct LedgerSpec {
    /// The sheet name and the title's first words, e.g. 服务台账.
    pub title: &'static str,
    /// Every column, in the default order (the 序号 first: [`ledger`] puts it there).
    pub columns: Vec<Column>,
    /// The keys of its 打印列, the columns a superior reads on paper (with the 序号, in the order of `columns`): an
    /// Excel export of the app's dialog writes these unless the user ticks others; chosen so that they print one
    /// A4 page wide at 8 pt or larger (a test holds every ledger to it).
    pub print: &'static [&'static str],
    /// `FROM …` with its joins.
    from: &'static str,
    /// `ORDER BY …`.
    order: &'static str,
    /// Which rows, for a filter.
    rows: fn(&ScopedFilter) -> Condition,
    /// The record kind of a row (as `merged_records` names it) and its id column, for the 来源 column.
    origin: (&'static str, &'static str),
}

/// A ledger's query for a filter and a choice of columns: the SQL of the rows, the SQL that counts them, and their
/// values.
pub(crate) struct LedgerQuery {
    /// `SELECT <columns> FROM … WHERE … ORDER BY …`.
    pub sql: String,
    /// Its placeholder values (the columns' first, then the condition's).
    pub params: Vec<SqlValue>,
    /// `SELECT COUNT(*) FROM … WHERE …`.
    pub count_sql: String,
    /// Its placeholder values.
    pub count_params: Vec<SqlValue>,
}

impl LedgerSpec {
    /// The 来源 column, which an export adds when the ledger holds records of more than one origin.
    pub(crate) fn origin_column(&self) -> Column {
        let (entity, id) = self.origin;
        Column {
            key: "origins",
            zh: "来源",
            en: "Origin",
            width: 24,
            decode: Decode::Text,
            select: Select::Origins { entity, id },
        }
    }

    /// The query streaming `columns` (of this ledger) for `scope`.
    pub(crate) fn query(&self, columns: &[Column], scope: &ScopedFilter) -> LedgerQuery {
        let mut params = Vec::new();
        let select: Vec<String> = columns
            .iter()
            .map(|c| match c.select {
                Select::Fixed(sql) | Select::Lookup { key: sql, .. } => sql.to_owned(),
                Select::Origins { entity, id } => provenance::names_sql(entity, id),
                Select::Scoped(build) => {
                    let expr = build(scope);
                    params.extend_from_slice(expr.params());
                    expr.sql().to_owned()
                }
            })
            .collect();
        let condition = (self.rows)(scope);
        params.extend_from_slice(condition.params());
        LedgerQuery {
            sql: format!(
                "SELECT {} FROM {} WHERE {} ORDER BY {}",
                select.join(", "),
                self.from,
                condition.sql(),
                self.order
            ),
            params,
            count_sql: format!("SELECT COUNT(*) FROM {} WHERE {}", self.from, condition.sql()),
            count_params: condition.params().to_vec(),
        }
    }
}

/// The 序号 column every ledger starts with: the row's number, 1, 2, 3 … in the ledger's order.
pub(crate) const SERIAL: Column =
    Column { key: "serial", zh: "序号", en: "No.", width: 6, decode: Decode::Serial, select: Select::Fixed("NULL") };

/// The ledger of an export kind (`None` for the summary workbook, which is not a ledger), with the 序号 first.
pub(crate) fn ledger(kind: ExportKind) -> Option<LedgerSpec> {
    declared(kind).map(|mut spec| {
        spec.columns.insert(0, SERIAL);
        spec
    })
}

/// The ledger of an export kind as declared below.
fn declared(kind: ExportKind) -> Option<LedgerSpec> {
    match kind {
        ExportKind::Roster => Some(roster()),
        ExportKind::Enterprises => Some(enterprises()),
        ExportKind::Visits => Some(visits()),
        ExportKind::Services => Some(services()),
        ExportKind::Needs => Some(needs()),
        ExportKind::Events => Some(events()),
        ExportKind::Summary | ExportKind::Assessment | ExportKind::AssessmentSheets | ExportKind::Pairings => None,
    }
}

/// `a OR b OR …`, each in parentheses.
fn any(parts: Vec<Condition>) -> Condition {
    let sql = parts.iter().map(|c| format!("({})", c.sql())).collect::<Vec<_>>().join(" OR ");
    let params = parts.iter().flat_map(|c| c.params().iter().cloned()).collect();
    Condition::new(sql, params)
}

fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.to_owned())
}

/// Province, city and county run together (宁波市鄞州区), blank when none is known.
const REGION: &str = "nullif(coalesce(en.province, '') || coalesce(en.city, '') || coalesce(en.county, ''), '')";

fn roster() -> LedgerSpec {
    use Decode::*;
    LedgerSpec {
        title: "花名册",
        print: &[
            "serial",
            "name",
            "gender",
            "birthMonth",
            "title",
            "organization",
            "discipline",
            "phone",
            "serviceForm",
            "batch",
            "serviceStart",
            "serviceEnd",
        ],
        columns: vec![
            col("name", "姓名", "Name", 12, Text, "e.name"),
            col("gender", "性别", "Gender", 6, Label(|c| Gender::from_code(c).map(Gender::label_zh)), "e.gender"),
            col("birthMonth", "出生年月", "Born", 10, Text, "e.birth_month"),
            col(
                "education",
                "学历",
                "Education",
                12,
                Label(|c| Education::from_code(c).map(Education::label_zh)),
                "e.education",
            ),
            col(
                "title",
                "职称",
                "Title",
                8,
                Label(|c| ExpertTitle::from_code(c).map(ExpertTitle::label_zh)),
                "e.title",
            ),
            col("organization", "派出单位", "Dispatching organisation", 30, Text, "o.name"),
            col(
                "organizationKind",
                "单位类型",
                "Organisation type",
                10,
                Label(|c| OrganizationKind::from_code(c).map(OrganizationKind::label_zh)),
                "o.kind",
            ),
            col("position", "职务", "Position", 16, Text, "e.position"),
            col("discipline", "专业领域", "Discipline", 20, Text, "e.discipline"),
            col(
                "specialties",
                "专长",
                "Specialties",
                30,
                Text,
                "(SELECT group_concat(value, '、') FROM json_each(e.specialties))",
            ),
            col("phone", "联系电话", "Phone", 16, Text, "e.phone"),
            col("email", "电子邮箱", "E-mail", 26, Text, "e.email"),
            col("idCard", "身份证号", "Resident ID", 20, IdCard, "e.id_card"),
            col(
                "serviceForm",
                "服务方式",
                "Service form",
                8,
                Label(|c| ServiceForm::from_code(c).map(ServiceForm::label_zh)),
                "e.service_form",
            ),
            col("batch", "批次", "Batch", 16, Text, "b.name"),
            col("serviceStart", "服务期开始", "Service from", 10, Date, "e.service_start"),
            col("serviceEnd", "服务期结束", "Service until", 10, Date, "e.service_end"),
            col(
                "status",
                "状态",
                "Status",
                6,
                Label(|c| ExpertStatus::from_code(c).map(ExpertStatus::label_zh)),
                "e.status",
            ),
            col("notes", "备注", "Notes", 30, Text, "e.notes"),
        ],
        origin: ("experts", "e.id"),
        from:
            "experts e LEFT JOIN organizations o ON o.id = e.organization_id LEFT JOIN batches b ON b.id = e.batch_id",
        order: "o.name IS NULL, o.name, e.name, e.id",
        rows: |scope| {
            let overlaps = Condition::new(
                "(e.service_start IS NULL OR e.service_start <= ?) AND (e.service_end IS NULL OR e.service_end >= ?)",
                vec![text(&scope.period.to), text(&scope.period.from)],
            );
            let mut rows = Condition::new("e.deleted_at IS NULL", Vec::new())
                .and(overlaps)
                .and(scope.expert_in_scope("e"))
                .and(scope.of_origins("experts", "e.id"));
            if scope.region.is_some() {
                let region = || scope.enterprise_in_region("r");
                rows = rows.and(any(vec![
                    Condition::new(
                        format!(
                            "e.id IN (SELECT a.expert_id FROM assignments a JOIN enterprises r ON r.id = a.enterprise_id
                             WHERE a.deleted_at IS NULL AND ({}))",
                            region().sql()
                        ),
                        region().params().to_vec(),
                    ),
                    Condition::new(
                        format!(
                            "e.id IN (SELECT ve.expert_id FROM visit_experts ve JOIN visits v ON v.id = ve.visit_id
                             JOIN enterprises r ON r.id = v.enterprise_id WHERE v.deleted_at IS NULL AND ({}))",
                            region().sql()
                        ),
                        region().params().to_vec(),
                    ),
                    Condition::new(
                        format!(
                            "e.id IN (SELECT s.expert_id FROM service_records s JOIN enterprises r ON r.id = s.enterprise_id
                             WHERE s.deleted_at IS NULL AND ({}))",
                            region().sql()
                        ),
                        region().params().to_vec(),
                    ),
                ]));
            }
            rows
        },
    }
}

/// GB/T 4754-2017 sections (门类) with their letter, as the 企业名录 shows them.
fn industry_label(letter: &str) -> Option<&'static str> {
    Some(match letter {
        "A" => "A 农、林、牧、渔业",
        "B" => "B 采矿业",
        "C" => "C 制造业",
        "D" => "D 电力、热力、燃气及水生产和供应业",
        "E" => "E 建筑业",
        "F" => "F 批发和零售业",
        "G" => "G 交通运输、仓储和邮政业",
        "H" => "H 住宿和餐饮业",
        "I" => "I 信息传输、软件和信息技术服务业",
        "J" => "J 金融业",
        "K" => "K 房地产业",
        "L" => "L 租赁和商务服务业",
        "M" => "M 科学研究和技术服务业",
        "N" => "N 水利、环境和公共设施管理业",
        "O" => "O 居民服务、修理和其他服务业",
        "P" => "P 教育",
        "Q" => "Q 卫生和社会工作",
        "R" => "R 文化、体育和娱乐业",
        "S" => "S 公共管理、社会保障和社会组织",
        "T" => "T 国际组织",
        _ => return None,
    })
}

fn enterprises() -> LedgerSpec {
    use Decode::*;
    LedgerSpec {
        title: "企业名录",
        print: &[
            "serial",
            "name",
            "creditCode",
            "city",
            "county",
            "industry",
            "size",
            "contactName",
            "contactPhone",
            "visitsInPeriod",
            "servicesInPeriod",
        ],
        columns: vec![
            col("name", "企业名称", "Enterprise", 36, Text, "en.name"),
            col("creditCode", "统一社会信用代码", "Credit code", 20, Text, "en.credit_code"),
            col("creditCodeNote", "信用代码校验说明", "Check-digit note", 24, Text, "en.credit_code_override"),
            col("province", "省", "Province", 10, Text, "en.province"),
            col("city", "市", "City", 12, Text, "en.city"),
            col("county", "区/县", "County", 12, Text, "en.county"),
            col("regionCode", "行政区划代码", "Division code", 10, Text, "en.region_code"),
            col("address", "地址", "Address", 36, Text, "en.address"),
            col("legalRepresentative", "法定代表人", "Legal representative", 10, Text, "en.legal_representative"),
            col("industry", "行业门类", "Industry", 24, Label(industry_label), "en.industry"),
            col("mainProducts", "主营产品", "Main products", 30, Text, "en.main_products"),
            col(
                "size",
                "企业规模",
                "Size",
                8,
                Label(|c| EnterpriseSize::from_code(c).map(EnterpriseSize::label_zh)),
                "en.size",
            ),
            col("isHighTech", "高新技术企业", "High-tech enterprise", 8, Flag, "en.is_high_tech"),
            col("isTechSme", "科技型中小企业", "Tech SME", 8, Flag, "en.is_tech_sme"),
            col("isSpecialized", "专精特新", "Specialised (专精特新)", 8, Flag, "en.is_specialized"),
            col("contactName", "主要联系人", "Primary contact", 10, Text, "c.name"),
            col("contactPhone", "联系人电话", "Contact phone", 16, Text, "c.phone"),
            col("notes", "备注", "Notes", 30, Text, "en.notes"),
            Column {
                key: "visitsInPeriod",
                zh: "期内走访",
                en: "Visits in period",
                width: 8,
                decode: Count,
                select: Select::Scoped(|scope| {
                    let condition = scope.period_days("v.visit_date").and(scope.visit_in_scope("v"));
                    Condition::new(
                        format!(
                            "(SELECT COUNT(*) FROM visits v WHERE v.enterprise_id = en.id AND {})",
                            condition.sql()
                        ),
                        condition.params().to_vec(),
                    )
                }),
            },
            Column {
                key: "servicesInPeriod",
                zh: "期内服务",
                en: "Service records in period",
                width: 8,
                decode: Count,
                select: Select::Scoped(|scope| {
                    let condition = scope.period_days("s.start_date").and(scope.service_record_in_scope("s"));
                    Condition::new(
                        format!(
                            "(SELECT COUNT(*) FROM service_records s WHERE s.enterprise_id = en.id AND {})",
                            condition.sql()
                        ),
                        condition.params().to_vec(),
                    )
                }),
            },
        ],
        origin: ("enterprises", "en.id"),
        from: "enterprises en LEFT JOIN enterprise_contacts c
               ON c.enterprise_id = en.id AND c.is_primary = 1 AND c.deleted_at IS NULL",
        order: "en.province, en.city, en.county, en.name, en.id",
        rows: |scope| {
            let mut rows = Condition::new("en.deleted_at IS NULL", Vec::new())
                .and(scope.enterprise_in_region("en"))
                .and(scope.of_origins("enterprises", "en.id"));
            if scope.has_expert_scope() {
                let expert = |column: &str| scope.expert_id_in_scope(column);
                let paired = expert("a.expert_id");
                let visited = expert("ve.expert_id");
                let served = expert("s.expert_id");
                rows = rows.and(any(vec![
                    Condition::new(
                        format!(
                            "en.id IN (SELECT a.enterprise_id FROM assignments a WHERE a.deleted_at IS NULL AND ({}))",
                            paired.sql()
                        ),
                        paired.params().to_vec(),
                    ),
                    Condition::new(
                        format!(
                            "en.id IN (SELECT v.enterprise_id FROM visits v JOIN visit_experts ve ON ve.visit_id = v.id
                             WHERE v.deleted_at IS NULL AND ({}))",
                            visited.sql()
                        ),
                        visited.params().to_vec(),
                    ),
                    Condition::new(
                        format!(
                            "en.id IN (SELECT s.enterprise_id FROM service_records s WHERE s.deleted_at IS NULL AND ({}))",
                            served.sql()
                        ),
                        served.params().to_vec(),
                    ),
                ]));
            }
            rows
        },
    }
}

fn visits() -> LedgerSpec {
    use Decode::*;
    LedgerSpec {
        title: "走访记录台账",
        print: &[
            "serial",
            "visitDate",
            "enterprise",
            "participants",
            "mode",
            "purpose",
            "findings",
            "nextStep",
            "followUpDate",
        ],
        columns: vec![
            col("visitDate", "走访日期", "Date", 10, Date, "v.visit_date"),
            col("enterprise", "走访企业", "Enterprise", 30, Text, "en.name"),
            col("region", "所在地区", "Region", 20, Text, REGION),
            col(
                "participants",
                "参与专员",
                "Experts",
                24,
                Text,
                "(SELECT group_concat(name, '、') FROM (SELECT x.name FROM visit_experts ve
                  JOIN experts x ON x.id = ve.expert_id WHERE ve.visit_id = v.id ORDER BY x.name, x.id))",
            ),
            col("mode", "走访方式", "Mode", 8, Label(|c| VisitMode::from_code(c).map(VisitMode::label_zh)), "v.mode"),
            col("purpose", "走访目的", "Purpose", 24, Text, "v.purpose"),
            col("findings", "发现问题", "Findings", 30, Text, "v.findings"),
            col("nextStep", "下一步工作", "Next step", 24, Text, "v.next_step"),
            col("followUpDate", "跟进日期", "Follow-up date", 10, Date, "v.follow_up_date"),
        ],
        origin: ("visits", "v.id"),
        from: "visits v JOIN enterprises en ON en.id = v.enterprise_id",
        order: "v.visit_date, v.id",
        rows: |scope| scope.period_days("v.visit_date").and(scope.visit_in_scope("v")),
    }
}

fn services() -> LedgerSpec {
    use Decode::*;
    LedgerSpec {
        title: "服务台账",
        print: &[
            "serial",
            "expert",
            "organization",
            "enterprise",
            "startDate",
            "endDate",
            "serviceDays",
            "serviceType",
            "content",
            "contractAmount",
            "outcomeSummary",
            "satisfaction",
        ],
        columns: vec![
            looked_up("expert", "科技专员", "Expert", 10, "s.expert_id", "SELECT name FROM experts WHERE id = ?"),
            looked_up(
                "organization",
                "派出单位",
                "Dispatching organisation",
                16,
                "s.expert_id",
                "SELECT o.name FROM experts x JOIN organizations o ON o.id = x.organization_id WHERE x.id = ?",
            ),
            looked_up(
                "enterprise",
                "服务企业",
                "Enterprise",
                20,
                "s.enterprise_id",
                "SELECT name FROM enterprises WHERE id = ?",
            ),
            looked_up("need", "对应需求", "Need", 24, "s.need_id", "SELECT title FROM needs WHERE id = ?"),
            col("startDate", "开始日期", "From", 10, Date, "s.start_date"),
            col("endDate", "结束日期", "Until", 10, Date, "s.end_date"),
            col("serviceDays", "服务天数", "Days", 8, Number, "s.service_days"),
            col(
                "serviceType",
                "服务类型",
                "Type",
                10,
                Label(|c| ServiceType::from_code(c).map(ServiceType::label_zh)),
                "s.service_type",
            ),
            col("content", "服务内容", "Content", 30, Text, "s.content"),
            col("contractAmount", "合同金额（万元）", "Contracts (万元)", 12, Wan, "s.contract_amount_fen"),
            col("investment", "投资额（万元）", "Investment (万元)", 12, Wan, "s.investment_fen"),
            col("policyFunds", "政策资金（万元）", "Policy funds (万元)", 12, Wan, "s.policy_funds_fen"),
            col("costSaved", "降本（万元）", "Cost saved (万元)", 12, Wan, "s.cost_saved_fen"),
            col("outputValue", "产值（万元）", "Output value (万元)", 12, Wan, "s.output_value_fen"),
            col("profitTax", "利税（万元）", "Profit and tax (万元)", 12, Wan, "s.profit_tax_fen"),
            col("patents", "专利（件）", "Patents", 8, Count, "s.patents"),
            col("newProducts", "新产品（个）", "New products", 8, Count, "s.new_products"),
            col("newTechnologies", "新技术（项）", "New technologies", 8, Count, "s.new_technologies"),
            col("peopleTrained", "培训人次", "People trained", 8, Count, "s.people_trained"),
            col("needsSolved", "解决需求（个）", "Needs solved", 8, Count, "s.needs_solved"),
            col("outcomeSummary", "成效简述", "Outcome summary", 24, Text, "s.outcome_summary"),
            col(
                "satisfaction",
                "满意度",
                "Satisfaction",
                8,
                Label(|c| Satisfaction::from_code(c).map(Satisfaction::label_zh)),
                "s.satisfaction",
            ),
            col("evaluatedOn", "评价日期", "Evaluated on", 10, Date, "s.evaluated_on"),
        ],
        origin: ("service_records", "s.id"),
        from: "service_records s",
        order: "s.start_date, s.id",
        rows: |scope| scope.period_days("s.start_date").and(scope.service_record_in_scope("s")),
    }
}

fn needs() -> LedgerSpec {
    use Decode::*;
    LedgerSpec {
        title: "技术需求清单",
        print: &[
            "serial",
            "enterprise",
            "title",
            "needType",
            "discipline",
            "budget",
            "urgency",
            "stage",
            "matchedExperts",
            "createdDate",
        ],
        columns: vec![
            col("enterprise", "企业名称", "Enterprise", 30, Text, "en.name"),
            col("region", "所在地区", "Region", 20, Text, REGION),
            col("title", "需求名称", "Need", 30, Text, "n.title"),
            col(
                "source",
                "需求来源",
                "Source",
                10,
                Label(|c| NeedSource::from_code(c).map(NeedSource::label_zh)),
                "n.source",
            ),
            col(
                "needType",
                "需求类型",
                "Type",
                10,
                Label(|c| NeedType::from_code(c).map(NeedType::label_zh)),
                "n.need_type",
            ),
            col("discipline", "所属领域", "Discipline", 16, Text, "n.discipline"),
            col("budget", "预算（万元）", "Budget (万元)", 12, Wan, "n.budget_fen"),
            col(
                "urgency",
                "紧急程度",
                "Urgency",
                8,
                Label(|c| Urgency::from_code(c).map(Urgency::label_zh)),
                "n.urgency",
            ),
            col(
                "stage",
                "当前阶段",
                "Stage",
                8,
                Label(|c| NeedStage::from_code(c).map(NeedStage::label_zh)),
                "n.stage",
            ),
            col("stageDate", "阶段日期", "Stage since", 10, Date, "n.stage_changed_on"),
            col(
                "matchedExperts",
                "对接专员",
                "Matched experts",
                24,
                Text,
                "(SELECT group_concat(name, '、') FROM (SELECT x.name FROM need_matches m
                  JOIN experts x ON x.id = m.expert_id WHERE m.need_id = n.id AND m.deleted_at IS NULL
                  ORDER BY x.name, x.id))",
            ),
            col("createdDate", "登记日期", "Recorded on", 10, Date, "substr(n.created_at, 1, 10)"),
            col("refinedProblem", "凝练后的问题", "Refined problem", 40, Text, "n.refined_problem"),
            col("refinedKeyTech", "关键技术", "Key technology", 30, Text, "n.refined_key_tech"),
            col("refinedTarget", "预期目标", "Target", 30, Text, "n.refined_target"),
        ],
        origin: ("needs", "n.id"),
        from: "needs n JOIN enterprises en ON en.id = n.enterprise_id",
        order: "n.created_at, n.id",
        rows: |scope| {
            let after = (scope.to + chrono::Days::new(1)).to_string();
            let open_in_period = Condition::new(
                "n.created_at < ? AND NOT (n.stage IN ('solved', 'shelved', 'merged') AND n.stage_changed_on < ?)",
                vec![SqlValue::Text(after), text(&scope.period.from)],
            );
            scope.need_in_scope("n").and(open_in_period)
        },
    }
}

/// 活动台账: live events dated in the period in scope (an enterprise of the event in the region; with a unit or batch,
/// an expert of it), in date order.
fn events() -> LedgerSpec {
    use Decode::*;
    LedgerSpec {
        title: "活动台账",
        print: &["serial", "eventDate", "eventType", "title", "place", "enterprises", "experts", "attendance"],
        columns: vec![
            col("eventDate", "活动日期", "Date", 12, Date, "e.event_date"),
            col(
                "eventType",
                "活动类型",
                "Type",
                10,
                Label(|c| EventType::from_code(c).map(EventType::label_zh)),
                "e.event_type",
            ),
            col("title", "活动名称", "Title", 30, Text, "e.title"),
            col("place", "地点", "Place", 24, Text, "e.place"),
            col(
                "enterprises",
                "参加企业",
                "Enterprises",
                40,
                Text,
                "(SELECT group_concat(name, '、') FROM (SELECT en.name FROM event_enterprises ee
                  JOIN enterprises en ON en.id = ee.enterprise_id WHERE ee.event_id = e.id ORDER BY en.name, en.id))",
            ),
            col(
                "experts",
                "参加专员",
                "Experts",
                24,
                Text,
                "(SELECT group_concat(name, '、') FROM (SELECT x.name FROM event_experts ex
                  JOIN experts x ON x.id = ex.expert_id WHERE ex.event_id = e.id ORDER BY x.name, x.id))",
            ),
            col("attendance", "参加人数", "Attendance", 8, Count, "e.attendance"),
            col("content", "活动内容", "Content", 40, Text, "e.content"),
            col("notes", "备注", "Notes", 24, Text, "e.notes"),
        ],
        origin: ("events", "e.id"),
        from: "events e",
        order: "e.event_date, e.id",
        rows: |scope| scope.period_days("e.event_date").and(scope.event_in_scope("e")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::print::{self, PrintFit, MIN_PRINT_PT};
    use super::super::sheet::column_width;
    use super::*;
    use crate::model::Paper;

    /// Every ledger kind: a new [`ExportKind`] fails to compile here until it is listed.
    fn ledger_kinds() -> Vec<ExportKind> {
        let all = [
            ExportKind::Roster,
            ExportKind::Enterprises,
            ExportKind::Visits,
            ExportKind::Services,
            ExportKind::Needs,
            ExportKind::Summary,
            ExportKind::Assessment,
            ExportKind::AssessmentSheets,
            ExportKind::Pairings,
            ExportKind::Events,
        ];
        for kind in all {
            match kind {
                ExportKind::Roster
                | ExportKind::Enterprises
                | ExportKind::Visits
                | ExportKind::Services
                | ExportKind::Needs
                | ExportKind::Summary
                | ExportKind::Assessment
                | ExportKind::AssessmentSheets
                | ExportKind::Pairings
                | ExportKind::Events => {}
            }
        }
        all.into_iter().filter(|k| ledger(*k).is_some()).collect()
    }

    /// How `columns` print on `paper` when every one is as wide as the writer ever sets it (its text at its limit).
    fn widest_fit(columns: &[&Column], paper: Paper) -> PrintFit {
        let widths: Vec<f64> = columns.iter().map(|c| column_width(usize::MAX, c.width)).collect();
        print::fit(&widths, paper)
    }

    #[test]
    fn every_ledger_starts_with_the_serial_and_its_print_set_is_its_own_columns() {
        for kind in ledger_kinds() {
            let spec = ledger(kind).unwrap();
            assert_eq!(spec.columns[0].key, "serial", "{}", spec.title);
            assert_eq!(spec.columns.iter().filter(|c| c.key == "serial").count(), 1, "{}", spec.title);
            assert_eq!(spec.print.first(), Some(&"serial"), "{}", spec.title);
            let keys: Vec<&str> = spec.columns.iter().map(|c| c.key).filter(|k| spec.print.contains(k)).collect();
            assert_eq!(keys, spec.print, "{}: the print set names its columns once, in the ledger's order", spec.title);
            assert!(spec.print.len() < spec.columns.len(), "{}: the print set leaves some out", spec.title);
        }
    }

    /// Each ledger's 打印列 prints one A4 page wide at 8 pt or larger however wide its text (every column at the
    /// widest the writer sets it); all of its columns print at 8 pt or larger too, on as many pages across as that
    /// takes. `cargo test -p ledger-core --lib print_scale -- --nocapture` prints the figures of docs/PERFORMANCE.md.
    #[test]
    fn print_scale_of_every_ledger_is_8_pt_or_more() {
        println!("| ledger | columns | paper | pages wide | scale | body text |");
        println!("|---|---|---|---|---|---|");
        for kind in ledger_kinds() {
            let spec = ledger(kind).unwrap();
            let all: Vec<&Column> = spec.columns.iter().collect();
            let printed: Vec<&Column> = spec.columns.iter().filter(|c| spec.print.contains(&c.key)).collect();
            for (set, columns) in [("打印列", &printed), ("全部列", &all)] {
                for paper in [Paper::A4, Paper::A3] {
                    let f = widest_fit(columns, paper);
                    println!(
                        "| {} | {set} ({}) | {paper:?} | {} | {} % | {:.1} pt |",
                        spec.title,
                        columns.len(),
                        f.pages_wide,
                        f.scale,
                        f.font_pt()
                    );
                    assert!(f.font_pt() >= MIN_PRINT_PT, "{} {set} on {paper:?}: {f:?}", spec.title);
                }
            }
            let f = widest_fit(&printed, Paper::A4);
            assert_eq!(f.pages_wide, 1, "{}: its print set fits one A4 page wide: {f:?}", spec.title);
        }
    }
}
