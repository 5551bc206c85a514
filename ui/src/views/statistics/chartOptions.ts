/**
 * The ECharts options of the 统计导出 page, built from the core's figures. Pure functions (no ECharts import), so
 * they are tested without a canvas. Money arrives in fen and is charted in 万元; tooltips and bar labels use the
 * same two-decimal text as the tables.
 */
import type { MonthStatistics, NeedStage, OutcomeTotals, StageCount } from '@/api'
import type { ChartOption } from '@/components/echarts'
import { formatWan } from '@/utils/money'
import { formatCount } from './format'

/** The interface font stack (base.css), for text drawn on the canvas. */
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', sans-serif"
const PRIMARY = '#2463b5'
const ACCENT = '#e6a23c'
const SUCCESS = '#67c23a'
const MUTED = '#a8abb2'
const AXIS_TEXT = '#606266'
const SPLIT_LINE = '#ebeef5'

const base = {
  textStyle: { fontFamily: FONT, color: AXIS_TEXT },
  animationDuration: 300,
}

/**
 * A month on the axis: 3月 / Mar within one year, 2024-03 when the period spans several years (so January of the
 * next year is not mistaken for this one's).
 */
export function monthAxisLabel(month: string, spansYears: boolean, locale: string): string {
  if (spansYears) return month
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(locale === 'en' ? 'en-US' : 'zh-CN', {
    month: 'short',
    timeZone: 'UTC',
  })
}

export interface TrendLabels {
  visits: string
  days: string
  visitsAxis: string
  daysAxis: string
}

/** 月度趋势: 走访次数 as bars on the left axis, 服务天数 as a line on the right one. */
export function trendOption(months: MonthStatistics[], labels: TrendLabels, locale: string): ChartOption {
  const spansYears = new Set(months.map((m) => m.month.slice(0, 4))).size > 1
  return {
    ...base,
    color: [PRIMARY, ACCENT],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 10, data: [labels.visits, labels.days] },
    grid: { left: 4, right: 4, top: 48, bottom: 6, containLabel: true },
    xAxis: {
      type: 'category',
      data: months.map((m) => monthAxisLabel(m.month, spansYears, locale)),
      axisTick: { alignWithLabel: true },
    },
    yAxis: [
      { type: 'value', name: labels.visitsAxis, minInterval: 1, splitLine: { lineStyle: { color: SPLIT_LINE } } },
      { type: 'value', name: labels.daysAxis, splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: labels.visits, yAxisIndex: 0, barMaxWidth: 28, data: months.map((m) => m.visits) },
      {
        type: 'line',
        name: labels.days,
        yAxisIndex: 1,
        smooth: false,
        symbolSize: 6,
        data: months.map((m) => m.serviceDays),
        tooltip: { valueFormatter: (value) => formatCount(Number(value)) },
      },
    ],
  }
}

/** The colour of a stage's bar: open stages blue, 已解决 green, 搁置 and 已合并 grey. */
function stageColour(stage: NeedStage): string {
  if (stage === 'solved') return SUCCESS
  if (stage === 'shelved' || stage === 'merged') return MUTED
  return PRIMARY
}

/** 需求进展: the needs at each stage at the end of the period, in stage order. */
export function stageOption(
  byStage: StageCount[],
  stageLabel: (stage: NeedStage) => string,
  seriesName: string,
): ChartOption {
  const labels = byStage.map((s) => stageLabel(s.stage))
  // Every stage is named; long (English) names are slanted so they do not overlap.
  const slanted = labels.some((l) => l.length > 4)
  return {
    ...base,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 4, right: 4, top: 16, bottom: 6, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      axisTick: { alignWithLabel: true },
      axisLabel: { interval: 0, rotate: slanted ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: SPLIT_LINE } } },
    series: [
      {
        type: 'bar',
        name: seriesName,
        barMaxWidth: 32,
        label: { show: true, position: 'top', color: AXIS_TEXT },
        data: byStage.map((s) => ({ value: s.count, itemStyle: { color: stageColour(s.stage) } })),
      },
    ],
  }
}

/** The six money outcomes, in the order of the summary workbook's 成效 sheet. */
export const MONEY_OUTCOMES = [
  ['contractAmount', 'contractAmountFen'],
  ['investment', 'investmentFen'],
  ['policyFunds', 'policyFundsFen'],
  ['costSaved', 'costSavedFen'],
  ['outputValue', 'outputValueFen'],
  ['profitTax', 'profitTaxFen'],
] as const satisfies readonly (readonly [string, keyof OutcomeTotals])[]

/** The outcome counts shown beside the money chart. */
export const COUNT_OUTCOMES = [
  'patents',
  'newProducts',
  'newTechnologies',
  'peopleTrained',
  'needsSolved',
] as const satisfies readonly (keyof OutcomeTotals)[]

/** 服务成效: the six 万元 sums as horizontal bars, each labelled with its two-decimal amount. */
export function outcomeOption(
  outcomes: OutcomeTotals,
  label: (key: (typeof MONEY_OUTCOMES)[number][0]) => string,
): ChartOption {
  // Top to bottom in MONEY_OUTCOMES order: a category axis draws its first entry at the bottom.
  const rows = [...MONEY_OUTCOMES].reverse()
  const text = new Map<number, string>()
  const data = rows.map(([, field], i) => {
    const wan = formatWan(outcomes[field])
    text.set(i, wan)
    return Number(wan.replace(/,/g, ''))
  })
  return {
    ...base,
    color: [PRIMARY],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (_value, index) => text.get(index) ?? '',
    },
    grid: { left: 4, right: 56, top: 8, bottom: 6, containLabel: true },
    xAxis: { type: 'value', splitLine: { lineStyle: { color: SPLIT_LINE } } },
    yAxis: { type: 'category', data: rows.map(([key]) => label(key)), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        label: { show: true, position: 'right', color: AXIS_TEXT, formatter: (p) => text.get(p.dataIndex) ?? '' },
        data,
      },
    ],
  }
}
