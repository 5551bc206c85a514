//! 月度/季度/年度工作台账: the summary workbook for superiors, written only from the [`Statistics`] of the request's
//! period and scope, computed in the export's own read transaction — so it shows exactly what the 统计导出 page shows.
//! Seven sheets (eight with 各来源汇总) through the sheet toolkit, kept in memory ([`Book::in_memory`]: small tables, whose cells the charts
//! refer to):
//!
//! - 概览: every figure of the period, one per row (指标, 数值, 单位, 口径说明; the 活动 last: 活动场次, 活动人数 and
//!   the 场次 of each type), and beside it two charts — the monthly
//!   trend (走访次数 as columns, 服务天数 as a line on a second axis) and the needs by stage — whose series refer to
//!   the cells of the 走访 and 需求进展 tables, so they follow any change made there in Excel.
//! - 需求进展: the needs at the period's end by stage (every stage, zeros included) with their 合计, and under it the
//!   needs new, solved and without progress for 30 days or more.
//! - 走访: per month 走访次数, 走访人次, 服务记录, 服务天数, 新增需求, 已解决需求 with 合计, and under it the distinct
//!   experts and enterprises visited.
//! - 专员工作量, 派出单位统计, 地区统计: the rows per expert, unit and region with every outcome, and 合计 (left
//!   blank for distinct counts that do not add up: an enterprise two experts served counts once for each).
//! - 成效: one row per outcome (类别, 成效指标, 数值, 单位), the six sums in 万元 and the five counts.
//!
//! - 各来源汇总 (only when the ledger holds records of more than one origin, and the request covers several): the
//!   figures of 概览 for each origin side by side, and for all of them together.
//!
//! Money is 万元 with two decimals, exact from fen; no 合计 joins figures of different units.

use std::borrow::Cow;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_xlsxwriter::{Chart, ChartDataLabel, ChartLegendPosition, ChartMarker, ChartType};

use super::sheet::{Book, SheetColumn, TableLayout, Totals, HEADER_ROW, HEADING_ROWS, SIDE_COLUMN_PIXELS};
use super::value::{CellKind, Value};
use super::{meta_line, write_atomically, xlsx_only};
use crate::error::{CoreError, Result};
use crate::exchange::provenance;
use crate::model::{ExportReport, ExportRequest, OutcomeTotals, PeriodKind, ReportFilter, ReportSettings, Statistics};
use crate::reporting::statistics;

/// The sheet names.
const OVERVIEW: &str = "概览";
const NEEDS: &str = "需求进展";
const VISITS: &str = "走访";
const EXPERTS: &str = "专员工作量";
const ORGANIZATIONS: &str = "派出单位统计";
const REGIONS: &str = "地区统计";
const OUTCOMES: &str = "成效";
const PER_ORIGIN: &str = "各来源汇总";

/// Writes one sheet; returns its data rows and figure lines.
type SheetWriter = fn(&mut Book, &Heading, &Statistics) -> Result<u64>;

/// The sheets in workbook order.
const SHEETS: [SheetWriter; 7] = [overview, needs, visits, experts, organizations, regions, outcomes];

/// The columns of the 概览 table.
const OVERVIEW_COLUMNS: u16 = 4;

/// Columns beside the 概览 table under its title: one empty, then the charts'.
const CHART_GAP: u16 = 1;
const CHART_COLUMNS: u16 = 9;

/// A chart's height in pixels, and the rows from the top of one chart to the top of the next (rows are 20 pixels).
const CHART_HEIGHT: u32 = 300;
const CHART_ROWS: u32 = 16;

/// The 走访 table's columns the trend chart plots: 走访次数 and 服务天数.
const VISITS_COLUMN: u16 = 1;
const DAYS_COLUMN: u16 = 4;

/// A table with a plain 合计 row and nothing beside it.
const PLAIN: TableLayout = TableLayout { totals: Totals::Plain, side_columns: 0 };

/// Writes the summary workbook of `request`'s period and scope to `out` (see [`super::export`]): the statistics
/// first (a bad period or scope is a validation error before any file is made), then one sheet after another, with
/// `progress(sheets done, 7)` after each.
pub(super) fn export(
    conn: &Connection,
    request: &ExportRequest,
    settings: &ReportSettings,
    today: NaiveDate,
    out: &Path,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<ExportReport> {
    xlsx_only(request, "工作台账", "work summary")?;
    let stats = statistics::statistics(conn, &request.filter, today)?;
    let origins = origin_statistics(conn, &request.filter, today)?;
    let total = SHEETS.len() as u64 + u64::from(!origins.is_empty());
    if !progress(0, total) {
        return Err(CoreError::Cancelled);
    }
    let heading = Heading::new(&stats, settings);
    let (rows, sheets) = write_atomically(out, |partial| {
        // The scope is in every title, so the 填报 line does not repeat it.
        let mut book = Book::in_memory(meta_line("", settings, today));
        book.set_paper(request.paper.unwrap_or_default());
        let mut rows = 0;
        for (done, write) in (1..).zip(SHEETS) {
            rows += write(&mut book, &heading, &stats)?;
            if !progress(done, total) {
                return Err(CoreError::Cancelled);
            }
        }
        if !origins.is_empty() {
            rows += per_origin(&mut book, &heading, &origins, &stats)?;
            if !progress(total, total) {
                return Err(CoreError::Cancelled);
            }
        }
        let col = OVERVIEW_COLUMNS + CHART_GAP;
        book.insert_chart(OVERVIEW, HEADER_ROW, col, &trend_chart(stats.per_month.len()))?;
        book.insert_chart(OVERVIEW, HEADER_ROW + CHART_ROWS, col, &stage_chart(stats.needs.by_stage.len()))?;
        let sheets = book.sheets();
        book.save(partial)?;
        Ok((rows, sheets))
    })?;
    Ok(ExportReport { path: out.display().to_string(), rows, sheets })
}

/// The statistics of each origin the filter covers (its chosen origins, or every one), named, when the ledger holds
/// records of more than one origin; none otherwise (the workbook has no 各来源汇总 then).
fn origin_statistics(conn: &Connection, filter: &ReportFilter, today: NaiveDate) -> Result<Vec<(String, Statistics)>> {
    if !provenance::has_merged_origins(conn)? {
        return Ok(Vec::new());
    }
    let own_id = provenance::own_origin_id(conn)?;
    let chosen = filter.origins.as_deref().filter(|c| !c.is_empty());
    let origins: Vec<_> = provenance::list_origins(conn, &own_id)?
        .into_iter()
        .filter(|o| chosen.is_none_or(|c| c.contains(&o.id)))
        .collect();
    if origins.len() < 2 {
        return Ok(Vec::new());
    }
    origins
        .into_iter()
        .map(|o| {
            let scoped = ReportFilter { origins: Some(vec![o.id]), ..filter.clone() };
            Ok((o.name, statistics::statistics(conn, &scoped, today)?))
        })
        .collect()
}

/// The workbook's title and what every sheet's title ends with.
struct Heading {
    /// `{填报单位}科技专员服务{月度|季度|年度}工作台账`, the title of 概览.
    main: String,
    /// The period and, when narrowed, the scope: `2024年第一季度，宁波市 · 浙江大学`.
    period: String,
}

impl Heading {
    fn new(stats: &Statistics, settings: &ReportSettings) -> Self {
        let kind = match stats.period.kind {
            PeriodKind::Month => "月度",
            PeriodKind::Quarter => "季度",
            PeriodKind::Year => "年度",
            PeriodKind::Range => "",
        };
        let main = format!("{}科技专员服务{kind}工作台账", settings.reporting_unit.trim());
        let period = if stats.scope_label.is_empty() {
            stats.period.label.clone()
        } else {
            format!("{}，{}", stats.period.label, stats.scope_label)
        };
        Self { main, period }
    }

    /// A sheet's title: `{what}（{period}）`.
    fn title(&self, what: &str) -> String {
        format!("{what}（{}）", self.period)
    }
}

/// A count as a cell.
fn count(n: u32) -> Value<'static> {
    Value::Count(i64::from(n))
}

/// One outcome sum as the sheets list it.
struct Outcome {
    /// 成效指标.
    name: &'static str,
    /// Its unit: 万元 for money.
    unit: &'static str,
    /// Its 类别 on the 成效 sheet.
    group: &'static str,
    /// Its value in a set of sums.
    value: fn(&OutcomeTotals) -> Value<'static>,
}

impl Outcome {
    /// Its column header: the name over the unit (培训人次 is its own unit).
    fn header(&self) -> String {
        if self.name.ends_with(self.unit) {
            self.name.to_owned()
        } else {
            format!("{}\n（{}）", self.name, self.unit)
        }
    }

    /// Its column in a table: 万元 or a count, summed in the 合计 row.
    fn column(&self) -> SheetColumn {
        if self.unit == "万元" {
            SheetColumn::new(self.header(), CellKind::Wan, 12)
        } else {
            SheetColumn::new(self.header(), CellKind::Count, 8)
        }
    }
}

/// The outcomes in the order every sheet lists them (the order of the 统计导出 page and the service ledger).
const OUTCOME_LIST: [Outcome; 11] = [
    Outcome {
        name: "合同金额",
        unit: "万元",
        group: "经济效益",
        value: |o| Value::Wan(o.outcomes.contract_amount_fen),
    },
    Outcome {
        name: "投资额", unit: "万元", group: "经济效益", value: |o| Value::Wan(o.outcomes.investment_fen)
    },
    Outcome {
        name: "政策资金", unit: "万元", group: "经济效益", value: |o| Value::Wan(o.outcomes.policy_funds_fen)
    },
    Outcome { name: "降本", unit: "万元", group: "经济效益", value: |o| Value::Wan(o.outcomes.cost_saved_fen) },
    Outcome {
        name: "新增产值", unit: "万元", group: "经济效益", value: |o| Value::Wan(o.outcomes.output_value_fen)
    },
    Outcome {
        name: "新增利税", unit: "万元", group: "经济效益", value: |o| Value::Wan(o.outcomes.profit_tax_fen)
    },
    Outcome { name: "专利", unit: "件", group: "科技成果", value: |o| count(o.outcomes.patents) },
    Outcome { name: "新产品", unit: "个", group: "科技成果", value: |o| count(o.outcomes.new_products) },
    Outcome { name: "新技术", unit: "项", group: "科技成果", value: |o| count(o.outcomes.new_technologies) },
    Outcome {
        name: "培训人次", unit: "人次", group: "人才培养", value: |o| count(o.outcomes.people_trained)
    },
    Outcome { name: "解决需求", unit: "项", group: "需求解决", value: |o| count(o.outcomes.needs_solved) },
];

/// 服务记录 and 服务天数 of a set of sums, then every outcome: the cells under [`work_columns`].
fn work_values<'a>(o: &OutcomeTotals) -> Vec<Value<'a>> {
    let outcomes = OUTCOME_LIST.iter().map(|x| (x.value)(o));
    [count(o.records), Value::Number(o.service_days)].into_iter().chain(outcomes).collect()
}

/// The columns of [`work_values`].
fn work_columns() -> impl Iterator<Item = SheetColumn> {
    [
        SheetColumn::new("服务记录\n（条）", CellKind::Count, 8),
        SheetColumn::new("服务天数\n（天）", CellKind::Number, 10),
    ]
    .into_iter()
    .chain(OUTCOME_LIST.iter().map(Outcome::column))
}

/// 概览: every figure of the period with its unit and how it is counted; no 合计 (the units differ). The charts go
/// beside it once the tables they plot are written.
fn overview(book: &mut Book, heading: &Heading, s: &Statistics) -> Result<u64> {
    let columns = vec![
        SheetColumn::new("指标", CellKind::Text, 20),
        SheetColumn::new("数值", CellKind::Number, 16),
        SheetColumn::new("单位", CellKind::Text, 6),
        SheetColumn::new("口径说明", CellKind::Text, 40),
    ];
    debug_assert_eq!(columns.len(), usize::from(OVERVIEW_COLUMNS));
    let layout = TableLayout { totals: Totals::None, side_columns: CHART_GAP + CHART_COLUMNS };
    let mut table = book.table_with(OVERVIEW, &heading.title(&heading.main), columns, layout)?;
    for (name, value, unit, note) in figures(s) {
        table.write_row(&[Value::Text(name), value, unit.into(), note.into()])?;
    }
    table.finish()
}

/// One row of 概览: 指标, 数值, 单位, 口径说明.
type Figure = (Cow<'static, str>, Value<'static>, &'static str, &'static str);

/// Every figure of 概览 in its order: 指标, 数值, 单位, 口径说明 (the 各来源汇总 sheet lists the same). The 活动 come
/// last: their 场次 and 参加人数, then the 场次 of each type.
fn figures(s: &Statistics) -> Vec<Figure> {
    let stock = s.needs.by_stage.iter().map(|c| c.count).sum();
    let figures = [
        ("走访次数", count(s.visits.visits), "次", "期内的走访记录"),
        ("走访人次", count(s.visits.person_visits), "人次", "每次走访按参与专员人数计"),
        ("走访专员数", count(s.visits.experts), "人", "参与走访的专员，不重复计"),
        ("走访企业数", count(s.visits.enterprises), "家", "被走访的企业，不重复计"),
        ("服务专员数", count(s.experts_served), "人", "期内走访或服务过企业的专员，不重复计"),
        ("服务企业数", count(s.enterprises_served), "家", "期内走访或服务过的企业，不重复计"),
        ("服务记录", count(s.outcomes.records), "条", "开始日期在期内的服务记录"),
        ("服务天数", Value::Number(s.outcomes.service_days), "天", "上述服务记录的服务天数之和"),
        ("新增需求", count(s.needs.new), "项", "期内录入的技术需求"),
        ("已解决需求", count(s.needs.solved), "项", "期内转为已解决的需求，每项只计一次"),
        ("在库需求", count(stock), "项", "期末各阶段需求合计，见“需求进展”"),
        ("超30天无进展需求", count(s.needs.stale), "项", "期末未解决且30天以上无阶段变化"),
    ];
    let outcomes = OUTCOME_LIST.iter().map(|o| (o.name, (o.value)(&s.outcomes), o.unit, "期内服务记录所填成效之和"));
    let events = [
        ("活动场次", count(s.events.events), "场", "期内举办的供需对接会、培训会、路演等活动"),
        ("活动人数", count(s.events.attendance), "人", "期内活动所填参加人数之和，未填的不计"),
    ];
    let by_type = s.events.by_type.iter().map(|t| {
        let name = Cow::Owned(format!("其中：{}", t.event_type.label_zh()));
        (name, count(t.events), "场", "该类型的活动场次")
    });
    figures
        .into_iter()
        .chain(outcomes)
        .chain(events)
        .map(|(name, value, unit, note)| (Cow::Borrowed(name), value, unit, note))
        .chain(by_type)
        .collect()
}

/// 各来源汇总: every figure of 概览 for each origin side by side (each origin's own statistics, as scoped to it),
/// and the figure of all of them together — not the sum of the columns where an enterprise or expert of several
/// origins counts once.
fn per_origin(book: &mut Book, heading: &Heading, origins: &[(String, Statistics)], all: &Statistics) -> Result<u64> {
    let mut columns = vec![SheetColumn::new("指标", CellKind::Text, 20), SheetColumn::new("单位", CellKind::Text, 6)];
    columns.extend(origins.iter().map(|(name, _)| SheetColumn::new(name.clone(), CellKind::Number, 14)));
    columns.push(SheetColumn::new("合计（不重复）", CellKind::Number, 14));
    let layout = TableLayout { totals: Totals::None, side_columns: 0 };
    let mut table = book.table_with(PER_ORIGIN, &heading.title("各来源汇总表"), columns, layout)?;
    let each: Vec<_> = origins.iter().map(|(_, s)| figures(s)).collect();
    for (i, (name, total, unit, _)) in figures(all).into_iter().enumerate() {
        let mut row: Vec<Value<'_>> = vec![Value::Text(name), unit.into()];
        row.extend(each.iter().map(|f| f[i].1.clone()));
        row.push(total);
        table.write_row(&row)?;
    }
    table.finish()
}

/// 需求进展: the needs at the period's end by stage, and the period's new, solved and stale needs under them.
fn needs(book: &mut Book, heading: &Heading, s: &Statistics) -> Result<u64> {
    let columns =
        vec![SheetColumn::new("阶段", CellKind::Text, 24), SheetColumn::new("期末需求数（项）", CellKind::Count, 12)];
    let mut table = book.table_with(NEEDS, &heading.title("技术需求进展情况表"), columns, PLAIN)?;
    for stage in &s.needs.by_stage {
        table.write_row(&[stage.stage.label_zh().into(), count(stage.count)])?;
    }
    table.finish_with_figures(&[
        ("本期新增需求（项）", count(s.needs.new)),
        ("本期已解决需求（项）", count(s.needs.solved)),
        ("超30天无进展需求（项）", count(s.needs.stale)),
    ])
}

/// `2024-03` as 3月 when the period lies in one year (its title names the year), as 2024年3月 otherwise.
fn month_label(month: &str, one_year: bool) -> String {
    match month.split_once('-') {
        Some((_, m)) if one_year => format!("{}月", m.trim_start_matches('0')),
        Some((year, m)) => format!("{year}年{}月", m.trim_start_matches('0')),
        None => month.to_owned(),
    }
}

/// 走访: the months of the period, and the distinct experts and enterprises visited under them.
fn visits(book: &mut Book, heading: &Heading, s: &Statistics) -> Result<u64> {
    let columns = vec![
        SheetColumn::new("月份", CellKind::Text, 26),
        SheetColumn::new("走访次数", CellKind::Count, 16),
        SheetColumn::new("走访人次", CellKind::Count, 16),
        SheetColumn::new("服务记录（条）", CellKind::Count, 16),
        SheetColumn::new("服务天数（天）", CellKind::Number, 16),
        SheetColumn::new("新增需求（项）", CellKind::Count, 16),
        SheetColumn::new("已解决需求（项）", CellKind::Count, 16),
    ];
    debug_assert_eq!(
        (columns[usize::from(VISITS_COLUMN)].header.as_str(), columns[usize::from(DAYS_COLUMN)].header.as_str()),
        ("走访次数", "服务天数（天）")
    );
    let mut table = book.table_with(VISITS, &heading.title("走访与服务分月统计表"), columns, PLAIN)?;
    let one_year = s.period.from.get(..4) == s.period.to.get(..4);
    for m in &s.per_month {
        table.write_row(&[
            Value::Text(month_label(&m.month, one_year).into()),
            count(m.visits),
            count(m.person_visits),
            count(m.service_records),
            Value::Number(m.service_days),
            count(m.needs_new),
            count(m.needs_solved),
        ])?;
    }
    table.finish_with_figures(&[
        ("走访专员数（人，不重复）", count(s.visits.experts)),
        ("走访企业数（家，不重复）", count(s.visits.enterprises)),
    ])
}

/// 专员工作量: each expert who visited or served, most service days first.
fn experts(book: &mut Book, heading: &Heading, s: &Statistics) -> Result<u64> {
    let columns = [
        SheetColumn::new("姓名", CellKind::Text, 12),
        SheetColumn::new("派出单位", CellKind::Text, 36),
        SheetColumn::new("走访人次", CellKind::Count, 8),
        SheetColumn::new("服务企业\n（家）", CellKind::Count, 8).unsummed(),
        SheetColumn::new("对接需求\n（项）", CellKind::Count, 8).unsummed(),
    ];
    let columns = columns.into_iter().chain(work_columns()).collect();
    let mut table = book.table_with(EXPERTS, &heading.title("科技专员工作量统计表"), columns, PLAIN)?;
    for x in &s.per_expert {
        let unit = x.organization_name.as_deref().map_or(Value::Blank, |name| name.into());
        let row: Vec<Value<'_>> =
            [x.name.as_str().into(), unit, count(x.visits), count(x.enterprises), count(x.needs_matched)]
                .into_iter()
                .chain(work_values(&x.outcomes))
                .collect();
        table.write_row(&row)?;
    }
    table.finish()
}

/// 派出单位统计: each unit with experts in scope, most service days first.
fn organizations(book: &mut Book, heading: &Heading, s: &Statistics) -> Result<u64> {
    let columns = [
        SheetColumn::new("派出单位", CellKind::Text, 36),
        SheetColumn::new("单位类型", CellKind::Text, 8),
        SheetColumn::new("专员数\n（人）", CellKind::Count, 8),
        SheetColumn::new("在服务专员\n（人）", CellKind::Count, 10),
        SheetColumn::new("走访人次", CellKind::Count, 8),
        SheetColumn::new("服务企业\n（家）", CellKind::Count, 8).unsummed(),
    ];
    let columns = columns.into_iter().chain(work_columns()).collect();
    let mut table = book.table_with(ORGANIZATIONS, &heading.title("派出单位统计表"), columns, PLAIN)?;
    for o in &s.per_organization {
        let name = o.name.as_deref().unwrap_or("未填派出单位");
        let kind = o.kind.map_or(Value::Blank, |k| k.label_zh().into());
        let row: Vec<Value<'_>> = [
            name.into(),
            kind,
            count(o.experts),
            count(o.active_experts),
            count(o.person_visits),
            count(o.enterprises),
        ]
        .into_iter()
        .chain(work_values(&o.outcomes))
        .collect();
        table.write_row(&row)?;
    }
    table.finish()
}

/// 地区统计: the work done for the enterprises of each region, most service days first.
fn regions(book: &mut Book, heading: &Heading, s: &Statistics) -> Result<u64> {
    let columns = [
        SheetColumn::new("地区", CellKind::Text, 16),
        SheetColumn::new("服务企业\n（家）", CellKind::Count, 8),
        SheetColumn::new("走访次数", CellKind::Count, 8),
        SheetColumn::new("新增需求\n（项）", CellKind::Count, 8),
        SheetColumn::new("已解决需求\n（项）", CellKind::Count, 10),
    ];
    let columns = columns.into_iter().chain(work_columns()).collect();
    let mut table = book.table_with(REGIONS, &heading.title("分地区统计表"), columns, PLAIN)?;
    for r in &s.per_region {
        let row: Vec<Value<'_>> = [
            r.region.as_str().into(),
            count(r.enterprises),
            count(r.visits),
            count(r.needs_new),
            count(r.needs_solved),
        ]
        .into_iter()
        .chain(work_values(&r.outcomes))
        .collect();
        table.write_row(&row)?;
    }
    table.finish()
}

/// 成效: one row per outcome, money in 万元 and the counts; no 合计 (the units differ).
fn outcomes(book: &mut Book, heading: &Heading, s: &Statistics) -> Result<u64> {
    let columns = vec![
        SheetColumn::new("类别", CellKind::Text, 10),
        SheetColumn::new("成效指标", CellKind::Text, 10),
        SheetColumn::new("数值", CellKind::Number, 16),
        SheetColumn::new("单位", CellKind::Text, 6),
    ];
    let layout = TableLayout { totals: Totals::None, side_columns: 0 };
    let mut table = book.table_with(OUTCOMES, &heading.title("服务成效统计表"), columns, layout)?;
    for o in &OUTCOME_LIST {
        table.write_row(&[o.group.into(), o.name.into(), (o.value)(&s.outcomes), o.unit.into()])?;
    }
    table.finish()
}

/// The trend of the `months` rows of the 走访 table: 走访次数 as columns, 服务天数 as a line on a second axis.
fn trend_chart(months: usize) -> Chart {
    let (first, last) = (HEADING_ROWS, HEADING_ROWS + months as u32 - 1);
    let categories = (VISITS, first, 0, last, 0);
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_name((VISITS, HEADER_ROW, VISITS_COLUMN)).set_categories(categories).set_values((
        VISITS,
        first,
        VISITS_COLUMN,
        last,
        VISITS_COLUMN,
    ));
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name((VISITS, HEADER_ROW, DAYS_COLUMN))
        .set_categories(categories)
        .set_values((VISITS, first, DAYS_COLUMN, last, DAYS_COLUMN))
        .set_marker(ChartMarker::new().set_automatic())
        .set_secondary_axis(true);
    chart.combine(&line);
    chart.title().set_name("月度走访与服务");
    chart.y_axis().set_name("次");
    chart.y2_axis().set_name("天");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    sized(chart)
}

/// The `stages` rows of the 需求进展 table as columns, each labelled with its count.
fn stage_chart(stages: usize) -> Chart {
    let (first, last) = (HEADING_ROWS, HEADING_ROWS + stages as u32 - 1);
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name((NEEDS, HEADER_ROW, 1))
        .set_categories((NEEDS, first, 0, last, 0))
        .set_values((NEEDS, first, 1, last, 1))
        .set_data_label(ChartDataLabel::new().show_value());
    chart.title().set_name("期末需求阶段分布");
    chart.y_axis().set_name("项");
    chart.legend().set_hidden();
    sized(chart)
}

/// A chart as wide as the chart columns beside the 概览 table.
fn sized(mut chart: Chart) -> Chart {
    chart.set_width(u32::from(CHART_COLUMNS) * SIDE_COLUMN_PIXELS).set_height(CHART_HEIGHT);
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_as_chinese() {
        assert_eq!(month_label("2024-01", true), "1月");
        assert_eq!(month_label("2024-12", false), "2024年12月");
    }

    #[test]
    fn outcome_headers_carry_their_units() {
        let headers: Vec<String> = OUTCOME_LIST.iter().map(Outcome::header).collect();
        assert_eq!(headers[0], "合同金额\n（万元）");
        assert_eq!(headers[6], "专利\n（件）");
        assert_eq!(headers[9], "培训人次");
    }
}
