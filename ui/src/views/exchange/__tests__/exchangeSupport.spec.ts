import { describe, expect, it } from 'vitest'
import type { MergeReport, OpenConflict, PackageOutcome } from '@/api'
import {
  addPaths,
  conflictRows,
  countsByKind,
  fileNameOf,
  groupConflicts,
  mergeablePaths,
  needsPassword,
  originLabel,
  packageFileName,
  previewRows,
  readScope,
  withPackageExtension,
  writeScope,
} from '../exchangeSupport'

const ZERO = { new: 0, updated: 0, unchanged: 0, matched: 0, conflicts: 0 }

function conflict(id: string, kind: string, entityId: string, field: string): OpenConflict {
  return {
    id,
    kind,
    entityId,
    field,
    local: 'a',
    incoming: 'b',
    incomingRevision: 2,
    origin: { id: 'origin-1', name: '甲县科技局' },
    createdAt: '2026-03-18T08:00:00.000Z',
    recordName: entityId === 'e1' ? '宁波甬新材料科技有限公司' : null,
  }
}

describe('exchange helpers', () => {
  it('names the package after its origin and the day, without characters file systems refuse', () => {
    const day = new Date(2026, 2, 8)
    expect(packageFileName('甲县科技局', day)).toBe('交换包_甲县科技局_20260308.stlx')
    expect(packageFileName(' 甲县/乙镇: 科技办 ', day)).toBe('交换包_甲县_乙镇_科技办_20260308.stlx')
    expect(packageFileName('', day)).toBe('交换包_20260308.stlx')
    expect(withPackageExtension('/tmp/包')).toBe('/tmp/包.stlx')
    expect(withPackageExtension('/tmp/包.STLX')).toBe('/tmp/包.STLX')
    expect(fileNameOf('C:\\交换\\甲县.stlx')).toBe('甲县.stlx')
    expect(fileNameOf('/home/li/甲县.stlx')).toBe('甲县.stlx')
  })

  it('remembers the scope, changes when nothing readable is stored', () => {
    window.localStorage.clear()
    expect(readScope()).toBe('changes')
    writeScope('full')
    expect(readScope()).toBe('full')
    writeScope('changes')
    expect(readScope()).toBe('changes')
  })

  it('adds chosen files once, in the order chosen', () => {
    expect(addPaths(['/a.stlx'], ['/b.stlx', '/a.stlx', '/c.stlx', '/b.stlx'])).toEqual([
      '/a.stlx',
      '/b.stlx',
      '/c.stlx',
    ])
  })

  it('lists the rows per kind in the package order, empty kinds left out, unknown kinds last', () => {
    expect(countsByKind({ tombstones: 1, experts: 3, future_table: 2, organizations: 0, visits: 5 })).toEqual([
      { kind: 'experts', count: 3 },
      { kind: 'visits', count: 5 },
      { kind: 'tombstones', count: 1 },
      { kind: 'future_table', count: 2 },
    ])
  })

  it('gives a preview one row per kind and the total', () => {
    const report: MergeReport = {
      mergeId: null,
      file: '甲县.stlx',
      origin: { id: 'o', name: '甲县科技局' },
      packageSeq: 1,
      totals: { ...ZERO, new: 5, conflicts: 1 },
      kinds: [
        { kind: 'experts', ...ZERO, new: 2 },
        { kind: 'enterprises', ...ZERO, new: 3, conflicts: 1 },
      ],
      conflicts: [],
      written: false,
    }
    expect(previewRows(report).map((r) => [r.kind, r.new, r.conflicts])).toEqual([
      ['experts', 2, 0],
      ['enterprises', 3, 1],
      [null, 5, 1],
    ])
  })

  it('asks for a password when a package is locked or its password was wrong, and merges only previewed ones', () => {
    const error = (code: string) => ({ code, message: '', messageEn: '', fields: [] }) as PackageOutcome['error']
    expect(needsPassword(error('locked'))).toBe(true)
    expect(needsPassword(error('wrong_password'))).toBe(true)
    expect(needsPassword(error('own_package'))).toBe(false)
    expect(needsPassword(null)).toBe(false)
    const outcomes = new Map<string, PackageOutcome>([
      ['/a', { path: '/a', report: {} as MergeReport, error: null }],
      ['/b', { path: '/b', report: null, error: error('damaged_package') }],
      ['/c', { path: '/c', report: {} as MergeReport, error: null }],
    ])
    expect(mergeablePaths(['/c', '/b', '/d', '/a'], outcomes)).toEqual(['/c', '/a'])
  })

  it('shows an origin by its name, or says it has none with the end of its id', () => {
    const t = (key: string, values: Record<string, unknown>) => `${key}:${JSON.stringify(values)}`
    expect(originLabel({ id: 'x', name: '甲县科技局' }, t)).toBe('甲县科技局')
    expect(originLabel({ id: '0190aaaa-bbbb-7ccc-8ddd-123456789abc', name: '' }, t)).toBe(
      'exchangePage.unnamedOrigin:{"id":"56789abc"}',
    )
  })

  it('groups the conflicts by record in the order they come, the first row of a group spanning it', () => {
    const list = [
      conflict('c1', 'enterprises', 'e1', 'address'),
      conflict('c2', 'experts', 'x1', 'phone'),
      conflict('c3', 'enterprises', 'e1', 'phone'),
    ]
    const groups = groupConflicts(list)
    expect(groups.map((g) => [g.key, g.recordName, g.conflicts.map((c) => c.id)])).toEqual([
      ['enterprises:e1', '宁波甬新材料科技有限公司', ['c1', 'c3']],
      ['experts:x1', null, ['c2']],
    ])
    expect(conflictRows(groups).map((r) => [r.conflict.id, r.span])).toEqual([
      ['c1', 2],
      ['c3', 0],
      ['c2', 1],
    ])
  })
})
