import { invoke } from '@tauri-apps/api/core'
import { listen } from '@tauri-apps/api/event'
import { open, save } from '@tauri-apps/plugin-dialog'
import { describe, expect, it, vi } from 'vitest'
import type { ExportPackageReport, MergeRecord, MergeReport } from '@/api'
import type { OpenConflict, PackageOutcome, PackageSource } from '@/api'
import { freshPagePerTest, q, routerAt, settle, textOf, waitFor } from '@/test-utils/mount'
import ConflictList from '../ConflictList.vue'
import ExchangeExport from '../ExchangeExport.vue'
import ExchangeMerge from '../ExchangeMerge.vue'
import MergeHistory from '../MergeHistory.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const page = freshPagePerTest(invokeMock)

const ZERO = { new: 0, updated: 0, unchanged: 0, matched: 0, conflicts: 0 }

function report(file: string, written = false): MergeReport {
  return {
    mergeId: written ? 'm1' : null,
    file,
    origin: { id: '0190aaaa-0000-7000-8000-00000000a001', name: '甲县科技局' },
    packageSeq: 2,
    totals: { ...ZERO, new: 5, updated: 1, conflicts: 1 },
    kinds: [
      { kind: 'experts', ...ZERO, new: 2, updated: 1 },
      { kind: 'enterprises', ...ZERO, new: 3, conflicts: 1 },
    ],
    conflicts: [],
    written,
  }
}

function error(code: string, message: string) {
  return { code, message, messageEn: message, fields: [] } as unknown as PackageOutcome['error']
}

function setUp(handlers: Record<string, (args: Record<string, unknown>) => unknown>): void {
  vi.mocked(listen).mockResolvedValue(() => {})
  invokeMock.mockImplementation(async (cmd, args) => {
    const handler = handlers[cmd]
    if (!handler) throw new Error(`unexpected command ${cmd}`)
    return handler((args ?? {}) as Record<string, unknown>)
  })
}

function input(testid: string): HTMLInputElement {
  const el = q(`[data-testid=${testid}]`)
  return (el instanceof HTMLInputElement ? el : el.querySelector('input')) as HTMLInputElement
}

async function type(testid: string, value: string): Promise<void> {
  const el = input(testid)
  el.value = value
  el.dispatchEvent(new Event('input'))
  await settle()
}

describe('合并交换包', () => {
  it('previews every chosen package with its origin, shows a refusal beside its package, asks for a password, and merges the good ones', async () => {
    const previewed: PackageSource[][] = []
    setUp({
      preview_packages: ({ packages }) => {
        const list = packages as PackageSource[]
        previewed.push(list)
        return list.map((p): PackageOutcome => {
          if (p.path.endsWith('own.stlx'))
            return { path: p.path, report: null, error: error('own_package', '这是本台账导出的交换包') }
          if (p.path.endsWith('locked.stlx') && p.password !== '口令')
            return { path: p.path, report: null, error: error('locked', '交换包已加密') }
          return { path: p.path, report: report(p.path.slice(5)), error: null }
        })
      },
      merge_packages: ({ paths }) =>
        (paths as string[]).map((path): PackageOutcome => ({ path, report: report(path.slice(5), true), error: null })),
    })
    vi.mocked(open).mockResolvedValueOnce(['/pkg/甲县.stlx', '/pkg/own.stlx', '/pkg/locked.stlx'])
    page.mount(ExchangeMerge)
    await settle()
    q('[data-testid=exchange-choose]').click()
    await waitFor(() => textOf('exchange-package-0-origin') !== '', 'the first preview')

    expect(textOf('exchange-package-0-file')).toBe('甲县.stlx')
    expect(textOf('exchange-package-0-origin')).toContain('甲县科技局')
    expect(textOf('exchange-package-0-preview-enterprises-new')).toBe('3')
    expect(textOf('exchange-package-0-preview-total-conflicts')).toBe('1')
    expect(textOf('exchange-package-1-error')).toContain('这是本台账导出的交换包')
    expect(textOf('exchange-package-2-error')).toContain('交换包已加密')
    expect(textOf('exchange-apply')).toContain('1')

    await type('exchange-package-2-password', '口令')
    q('[data-testid=exchange-package-2-open]').click()
    await waitFor(() => textOf('exchange-package-2-origin') !== '', 'the unlocked preview')
    expect(previewed[1]).toEqual([{ path: '/pkg/locked.stlx', password: '口令' }])
    expect(textOf('exchange-apply')).toContain('2')

    q('[data-testid=exchange-apply]').click()
    await waitFor(() => textOf('exchange-merge-done') !== '', 'the merge summary')
    const merge = invokeMock.mock.calls.find(([cmd]) => cmd === 'merge_packages')
    expect((merge?.[1] as { paths: string[] }).paths).toEqual(['/pkg/甲县.stlx', '/pkg/locked.stlx'])
    expect(textOf('exchange-package-0-state')).toBe('已合并')
    expect(textOf('exchange-merge-done')).toContain('新增 10')
    expect(document.querySelector('[data-testid=exchange-apply]')).toBeNull()
  })
})

describe('待处理冲突', () => {
  function conflict(id: string, entityId: string, field: string, local: unknown, incoming: unknown): OpenConflict {
    return {
      id,
      kind: entityId.startsWith('e') ? 'enterprises' : 'experts',
      entityId,
      field,
      local,
      incoming,
      incomingRevision: 3,
      origin: { id: 'o1', name: '甲县科技局' },
      createdAt: '2026-03-18T08:00:00.000Z',
      recordName: entityId === 'e1' ? '宁波甬新材料科技有限公司' : null,
    }
  }

  it('groups the fields by record with their Chinese labels and values, and decides one field or a selection', async () => {
    let open = [
      conflict('c1', 'e1', 'address', '甬江路2号', '甬江路3号'),
      conflict('c2', 'x1', 'title', 'senior', 'junior'),
      conflict('c3', 'e1', 'is_high_tech', 0, 1),
    ]
    const decided: [string[], string][] = []
    setUp({
      list_conflicts: () => open,
      resolve_conflicts: ({ ids, resolution }) => {
        decided.push([ids as string[], resolution as string])
        open = open.filter((c) => !(ids as string[]).includes(c.id))
        return []
      },
    })
    page.mount(ConflictList)
    await waitFor(() => textOf('conflict-field-c1') !== '', 'the conflicts')
    expect(textOf('conflict-field-c1')).toBe('地址')
    expect(textOf('conflict-local-c1')).toBe('甬江路2号')
    expect(textOf('conflict-incoming-c1')).toBe('甬江路3号')
    expect(textOf('conflict-field-c2')).toBe('职称')
    expect(textOf('conflict-local-c2')).toBe('正高')
    expect(textOf('conflict-field-c3')).toBe('高新技术企业')
    expect(textOf('conflict-record-e1')).toContain('宁波甬新材料科技有限公司')
    expect(textOf('conflict-record-x1')).toContain('科技专员')
    const rows = [...document.querySelectorAll('[data-testid=conflicts-table] tbody tr')]
    expect(rows.map((r) => r.querySelector('[data-testid^=conflict-field]')?.getAttribute('data-testid'))).toEqual([
      'conflict-field-c1',
      'conflict-field-c3',
      'conflict-field-c2',
    ])

    q('[data-testid=conflict-take-c1]').click()
    await waitFor(() => textOf('conflict-field-c1') === '', 'the decided field to leave the list')
    expect(decided[0]).toEqual([['c1'], 'take_incoming'])

    for (const box of document.querySelectorAll<HTMLInputElement>(
      '[data-testid=conflicts-table] tbody .el-checkbox input',
    ))
      box.click()
    await settle()
    expect(textOf('conflicts-keep-selected')).toContain('2')
    q('[data-testid=conflicts-keep-selected]').click()
    await waitFor(() => decided.length === 2, 'the selection decided')
    expect([[...decided[1]![0]].sort(), decided[1]![1]]).toEqual([['c2', 'c3'], 'keep_local'])
  })
})

describe('导出交换包', () => {
  const written: ExportPackageReport = {
    file: '/out/交换包.stlx',
    packageSeq: 3,
    scope: 'changes',
    sinceSeq: 2,
    counts: { experts: 4, enterprises: 0, service_records: 12, tombstones: 1 },
    contentHash: 'ab',
    bytes: 1024,
    encrypted: true,
    missingFiles: [],
  }

  it('sends 设置 when the ledger has no reporting unit, and requires a matching password of an encrypted ledger', async () => {
    const exported: Record<string, unknown>[] = []
    setUp({
      exchange_identity: () => ({ id: '0190aaaa-0000-7000-8000-000000000001', name: '', reporter: '' }),
      lock_status: () => ({ passwordSet: true, locked: false, retryAfterSeconds: 0, idleLockMinutes: 15 }),
      package_exports: () => [
        {
          seq: 2,
          createdAt: '2026-03-01T02:30:00Z',
          scope: 'changes',
          sinceSeq: 1,
          counts: { experts: 1 },
          contentHash: 'cd',
          fileName: '第二包.stlx',
          actor: '本机',
        },
        {
          seq: 1,
          createdAt: '2026-02-01T02:30:00Z',
          scope: 'full',
          sinceSeq: null,
          counts: {},
          contentHash: 'ab',
          fileName: '第一包.stlx',
          actor: '本机',
        },
      ],
      export_package: (args) => {
        exported.push(args)
        return written
      },
    })
    vi.mocked(save).mockResolvedValue('/out/交换包')
    page.mount(ExchangeExport, { router: await routerAt('/exchange') })
    await waitFor(() => textOf('exchange-origin-missing') !== '', 'the identity')
    expect(q<HTMLAnchorElement>('[data-testid=exchange-to-settings]').getAttribute('href')).toBe('/settings')
    expect(textOf('exchange-password-statement')).toContain('上级合并这份交换包时需要输入这个密码')
    // The last package sent is the newest of the history, and "changes since" names it.
    expect(textOf('exchange-last-package')).toMatch(/^第 2 号交换包（变更），2026-03-01 \d\d:30$/)
    expect(textOf('exchange-changes-since')).toMatch(/^将包含第 2 号交换包（2026-03-01 \d\d:30）之后的变更。$/)

    q('[data-testid=exchange-export-start]').click()
    await settle()
    expect(textOf('exchange-password-error')).toBe('请输入交换包密码')
    await type('exchange-password', '包口令')
    await type('exchange-password-repeat', '包口令2')
    q('[data-testid=exchange-export-start]').click()
    await settle()
    expect(textOf('exchange-password-error')).toBe('两次输入的密码不一致')
    expect(exported).toEqual([])

    await type('exchange-password-repeat', '包口令')
    q('[data-testid=exchange-scope-full] input').click()
    await settle()
    q('[data-testid=exchange-export-start]').click()
    await waitFor(() => textOf('exchange-export-done') !== '', 'the result')
    expect(exported[0]).toMatchObject({ path: '/out/交换包.stlx', full: true, password: '包口令' })
    expect(textOf('exchange-export-path')).toBe('/out/交换包.stlx')
    const counts = textOf('exchange-export-counts')
    expect(counts).toContain('科技专员')
    expect(counts).toContain('服务记录')
    expect(counts).not.toContain('服务企业')
    expect(window.localStorage.getItem('st-ledger.exchange.scope')).toBe('full')
  })
})

describe('合并记录', () => {
  it('lists the merges with their origin and counts, and undoes one after confirming', async () => {
    const record = (id: string, undoneAt: string | null): MergeRecord => ({
      id,
      fileName: `${id}.stlx`,
      origin: { id: '0190aaaa-0000-7000-8000-00000000a001', name: id === 'm1' ? '甲县科技局' : '' },
      packageSeq: 1,
      contentHash: 'ab',
      actor: '本机',
      createdAt: '2026-03-18T08:00:00.000Z',
      counts: { ...ZERO, new: 7, conflicts: 2 },
      undoneAt,
    })
    const undone: unknown[] = []
    let lists = 0
    setUp({
      list_merges: () => {
        lists += 1
        return [record('m2', null), record('m1', '2026-03-19T08:00:00.000Z')]
      },
      undo_merge: (args) => {
        undone.push(args)
        return record('m2', '2026-03-20T08:00:00.000Z')
      },
    })
    page.mount(MergeHistory)
    await waitFor(() => textOf('merge-history').includes('m2.stlx'), 'the history')
    const text = textOf('merge-history')
    expect(text).toContain('甲县科技局')
    expect(text).toContain('未填写填报单位（0000a001）')
    expect(textOf('merge-undone-m1')).toBe('已撤销')
    expect(q('[data-testid=merge-undo-m1]').hasAttribute('disabled')).toBe(true)

    q('[data-testid=merge-undo-m2]').click()
    await settle()
    expect(document.querySelector('.el-message-box')?.textContent).toContain('撤销“m2.stlx”的合并？')
    q('.el-message-box__btns .el-button--primary').click()
    await waitFor(() => lists === 2, 'the history reloaded')
    expect(undone).toEqual([{ id: 'm2' }])
  })
})
