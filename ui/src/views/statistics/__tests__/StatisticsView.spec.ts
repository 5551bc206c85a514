import { invoke } from '@tauri-apps/api/core'
import { type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { ReportFilter, Statistics } from '@/api'
import EChart from '@/components/EChart.vue'
import RegionCascader from '@/components/RegionCascader.vue'
import { freshPagePerTest, q, routerAt, settle, type TestLocale } from '@/test-utils/mount'
import StatisticsView from '../StatisticsView.vue'
import { BATCHES, ORGANIZATIONS, outcomes, statisticsFixture } from './fixtures'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

// jsdom has no canvas: the charts get a stand-in that records what they were asked to draw.
const charts = vi.hoisted(() => ({ inits: [] as { renderer: unknown }[], options: [] as unknown[], disposed: 0 }))
vi.mock('@/components/echarts', () => ({
  init: (_el: HTMLElement, _theme: unknown, opts: { renderer: unknown }) => {
    charts.inits.push({ renderer: opts.renderer })
    return {
      setOption: (option: unknown) => charts.options.push(option),
      resize: () => undefined,
      dispose: () => {
        charts.disposed += 1
      },
    }
  },
}))

const invokeMock = vi.mocked(invoke)

type Answer = Statistics | Promise<Statistics> | { code: string; message: string; messageEn: string; fields: [] }

/** Answers `statistics` with `next(filter)`; an object with a code fails. */
function route(next: (filter: ReportFilter) => Answer = () => statisticsFixture()): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown) => {
    switch (command) {
      case 'statistics': {
        const answer = await next((args as { filter: ReportFilter }).filter)
        if ('code' in answer) throw answer
        return answer
      }
      case 'list_organizations':
        return ORGANIZATIONS
      case 'list_batches':
        return BATCHES
      case 'export_columns':
        return []
      default:
        throw new Error(`unexpected command ${command}`)
    }
  })
}

function filters(): ReportFilter[] {
  return invokeMock.mock.calls
    .filter(([c]) => c === 'statistics')
    .map(([, args]) => (args as { filter: ReportFilter }).filter)
}

const text = (selector: string) => q(selector).textContent?.replace(/\s+/g, ' ').trim() ?? ''

async function click(selector: string): Promise<void> {
  q(selector).click()
  await settle()
}

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((res) => {
    resolve = res
  })
  return { promise, resolve }
}

describe('StatisticsView', { timeout: 30_000 }, () => {
  let wrapper: VueWrapper | undefined
  const page = freshPagePerTest(invokeMock)

  async function render(locale: TestLocale = 'zh-CN'): Promise<VueWrapper> {
    const router = await routerAt('/statistics')
    wrapper = page.mount(StatisticsView, { locale, router })
    await settle()
    return wrapper
  }

  beforeEach(() => {
    charts.inits.length = 0
    charts.options.length = 0
    charts.disposed = 0
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2024, 1, 15, 10, 0))
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks for this quarter over everything and names what it shows', async () => {
    route()
    await render()
    expect(filters()).toEqual([{ period: '2024-Q1', region: null, organizationId: null, batchId: null }])
    expect(text('[data-testid=statistics-shown]')).toBe('2024年第一季度')
    expect(text('[data-testid=statistics-period-kind-quarter]')).toBe('季度')
  })

  it('shows the headline figures with grouped thousands, halves of days and the contract sum in 万元', async () => {
    route()
    await render()
    const figure = (key: string) => text(`[data-testid=statistics-figure-${key}]`)
    expect(figure('visits')).toBe('走访次数48次')
    expect(figure('personVisits')).toBe('走访人次97人次')
    expect(figure('events')).toBe('活动场次3场')
    expect(figure('eventAttendance')).toBe('活动人数120人次')
    expect(figure('expertsServed')).toBe('服务专员12人')
    expect(figure('enterprisesServed')).toBe('服务企业1,234家')
    expect(figure('serviceDays')).toBe('服务天数75.5天')
    expect(figure('serviceRecords')).toBe('服务记录60条')
    expect(figure('needsNew')).toBe('新增需求15项')
    expect(figure('needsSolved')).toBe('已解决需求4项')
    expect(figure('contractAmount')).toBe('合同金额123.46万元')
    expect(q('[data-testid=statistics-figure-contractAmount] [data-testid=figure-value]').classList).toContain(
      'tabular',
    )
  })

  it('sends the period and scope the toolbar holds: month, range, region, unit and batch', async () => {
    route()
    const w = await render()
    await click('[data-testid=statistics-period-quarter-option-3]')
    expect(filters().at(-1)?.period).toBe('2024-Q3')
    await click('[data-testid=statistics-period-quarter-option-1]')
    await click('[data-testid=statistics-period-kind-month]')
    expect(filters().at(-1)).toEqual({ period: '2024-01', region: null, organizationId: null, batchId: null })
    await click('[data-testid=statistics-period-kind-range]')
    expect(filters().at(-1)?.period).toBe('2024-01-01..2024-01-31')
    await click('[data-testid=statistics-period-kind-year]')
    expect(filters().at(-1)?.period).toBe('2024')

    w.findComponent(RegionCascader).vm.$emit('update:modelValue', {
      province: '浙江省',
      city: '宁波市',
      county: null,
      regionCode: '330200',
    })
    await settle()
    expect(filters().at(-1)).toMatchObject({ period: '2024', region: '宁波市' })

    await click('[data-testid=statistics-organization-option-o1]')
    await click('[data-testid=statistics-batch-option-b1]')
    expect(filters().at(-1)).toEqual({ period: '2024', region: '宁波市', organizationId: 'o1', batchId: 'b1' })
    // One request per change.
    expect(filters()).toHaveLength(9)
  })

  it('shows only the answer to the latest choice, however late an older one arrives', async () => {
    const slow = deferred<Statistics>()
    route((filter) =>
      filter.period === '2024-Q1'
        ? slow.promise
        : statisticsFixture({
            period: { kind: 'month', from: '2024-01-01', to: '2024-01-31', label: '2024年1月' },
            expertsServed: 3,
          }),
    )
    await render()
    await click('[data-testid=statistics-period-kind-month]')
    expect(text('[data-testid=statistics-shown]')).toBe('2024年1月')
    slow.resolve(statisticsFixture({ expertsServed: 99 }))
    await settle()
    expect(text('[data-testid=statistics-shown]')).toBe('2024年1月')
    expect(text('[data-testid=statistics-figure-expertsServed] [data-testid=figure-value]')).toBe('3')
  })

  it('keeps an error on screen until a retry succeeds', async () => {
    let fail = true
    route(() =>
      fail
        ? { code: 'in_use', message: '数据库正被另一个程序使用', messageEn: 'in use', fields: [] }
        : statisticsFixture(),
    )
    await render()
    expect(text('[data-testid=statistics-error]')).toContain('统计数据加载失败：数据库正被另一个程序使用')
    expect(document.querySelector('[data-testid=statistics-body]')).toBeNull()
    await settle()
    expect(document.querySelector('[data-testid=statistics-error]')).not.toBeNull()
    fail = false
    await click('[data-testid=statistics-retry]')
    expect(document.querySelector('[data-testid=statistics-error]')).toBeNull()
    expect(text('[data-testid=statistics-figure-visits] [data-testid=figure-value]')).toBe('48')
  })

  it('draws the monthly trend, the stages and the outcomes on canvas', async () => {
    route()
    await render()
    await settle()
    expect(charts.inits).toHaveLength(3)
    expect(charts.inits.every((i) => i.renderer === 'canvas')).toBe(true)
    const [trend, stages, money] = wrapper!
      .findAllComponents(EChart)
      // ECharts options are deep unions of optional shapes; the test reads them back as the plain data they are.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      .map((c) => c.props('option') as Record<string, any>)
    expect(trend!.xAxis.data).toEqual(['1月', '2月', '3月'])
    expect(trend!.series.map((s: { type: string; data: number[] }) => [s.type, s.data])).toEqual([
      ['bar', [10, 8, 30]],
      ['line', [20, 12.5, 43]],
    ])
    expect(trend!.yAxis).toHaveLength(2)
    expect(stages!.xAxis.data).toEqual(['挖掘', '凝练', '对接', '解决中', '已解决', '搁置', '已合并'])
    expect(stages!.series[0].data.map((d: { value: number }) => d.value)).toEqual([5, 4, 3, 2, 9, 1, 0])
    expect(money!.yAxis.data).toEqual(['新增利税', '新增产值', '降本', '政策资金', '投资额', '合同金额'])
    expect(money!.series[0].data).toEqual([0, 300, 1.01, 2, 50, 123.46])
    expect(money!.series[0].label.formatter({ dataIndex: 1 })).toBe('300.00')
    expect(text('[data-testid=statistics-needs-summary]')).toBe('新增 15 · 已解决 4 · 停滞 3')
    expect(text('[data-testid=statistics-count-peopleTrained]')).toBe('培训人次140')
    // A new answer redraws the same charts.
    const before = charts.options.length
    await click('[data-testid=statistics-refresh]')
    expect(charts.options.length).toBeGreaterThan(before)
    wrapper!.unmount()
    wrapper = undefined
    expect(charts.disposed).toBe(3)
  })

  it('lists the dispatching units with right-aligned figures, the experts and the regions', async () => {
    route(() =>
      statisticsFixture({
        perOrganization: [
          {
            organizationId: 'o1',
            name: '浙江大学',
            kind: 'university',
            experts: 1200,
            activeExperts: 9,
            personVisits: 80,
            enterprises: 25,
            outcomes: outcomes({ records: 50, serviceDays: 70.5, contractAmountFen: 123_406_789_000 }),
          },
          ...statisticsFixture().perOrganization.slice(1),
        ],
      }),
    )
    await render()
    const rows = Array.from(
      document.querySelectorAll('[data-testid=statistics-table-organizations] .el-table__body tr'),
    ).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim()))
    expect(rows).toEqual([
      ['浙江大学', '高校', '1,200', '9', '80', '25', '50', '70.5', '123,406.79'],
      ['未填派出单位', '—', '2', '1', '17', '5', '10', '5.5', '0.05'],
    ])
    const amountCell = q('[data-testid=statistics-org-amount]').closest('td')!
    expect(amountCell.classList).toContain('is-right')
    const heads = Array.from(document.querySelectorAll('[data-testid=statistics-table-organizations] th')).map((th) =>
      th.textContent?.trim(),
    )
    expect(heads).toEqual([
      '单位名称',
      '类型',
      '专员',
      '在服务专员',
      '走访人次',
      '服务企业',
      '服务记录',
      '服务天数',
      '合同金额（万元）',
    ])

    const experts = Array.from(
      document.querySelectorAll('[data-testid=statistics-table-experts] .el-table__body tr'),
    ).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent?.trim()))
    expect(experts[0]).toEqual(['张三', '浙江大学', '20', '8', '3', '30', '40', '100.00'])
    expect(experts[1]?.[1]).toBe('—')
    const regions = Array.from(
      document.querySelectorAll('[data-testid=statistics-table-regions] .el-table__body tr'),
    ).map((r) => r.querySelector('td')?.textContent?.trim())
    expect(regions).toEqual(['宁波市', '未填地区'])
  })

  it('offers every workbook for the period and scope, the summary named after the period kind', async () => {
    route()
    await render()
    const labels = Array.from(document.querySelectorAll('[data-testid^=statistics-export-]')).map((b) =>
      b.textContent?.trim(),
    )
    expect(labels).toEqual([
      '花名册',
      '企业名录',
      '走访记录台账',
      '服务台账',
      '技术需求清单',
      '活动台账',
      '季度工作台账',
      '派驻名单及三方协议签订情况',
    ])
    await click('[data-testid=statistics-period-kind-month]')
    expect(text('[data-testid=statistics-export-summary]')).toBe('月度工作台账')

    await click('[data-testid=statistics-organization-option-o1]')
    await click('[data-testid=statistics-export-services]')
    await nextTick()
    expect(text('[data-testid=export-period]')).toBe('2024年1月')
    expect(text('[data-testid=export-scope]')).toBe('浙江大学')
    expect(text('[data-testid=export-kind] .el-select__placeholder')).toBe('服务台账')
  })

  it('speaks English', async () => {
    route()
    await render('en')
    expect(text('[data-testid=statistics-figure-contractAmount]')).toBe('Contracts123.4610k yuan')
    expect(text('[data-testid=statistics-export-summary]')).toBe('Quarterly work summary')
  })
})
