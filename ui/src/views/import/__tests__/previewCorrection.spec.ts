import { describe, expect, it } from 'vitest'
import type { ImportColumn, ImportCorrection, PreviewRow } from '@/api'
import {
  applyCorrection,
  changesCell,
  columnCorrectable,
  editStart,
  flaggedColumns,
  rowCorrectable,
} from '../previewCorrection'

const COLUMNS: ImportColumn[] = [
  { letter: 'A', header: '序号', field: null },
  { letter: 'B', header: '姓名', field: 'name' },
  { letter: 'C', header: '手机', field: 'phone' },
  { letter: 'D', header: '身份证号', field: 'idCard' },
]

function row(n: number, status: PreviewRow['status'], columns: (string | null)[] = [], corrected: number[] = []) {
  return {
    row: n,
    status,
    values: ['1', '李四', '1380013', '110105********002X'],
    issues: columns.map((column) => ({ row: n, column, reason: '有误', reasonEn: 'wrong' })),
    existingId: null,
    corrected,
  } satisfies PreviewRow
}

describe('previewCorrection', () => {
  it('lets a rejected or already corrected row be corrected, in the columns that fill a field', () => {
    expect(rowCorrectable(row(7, 'error', ['手机']))).toBe(true)
    expect(rowCorrectable(row(7, 'new', [], [2])), 'corrected once, it can be corrected again').toBe(true)
    expect(rowCorrectable(row(4, 'new'))).toBe(false)
    expect(rowCorrectable(row(5, 'duplicate', [null]))).toBe(false)
    expect(COLUMNS.map(columnCorrectable)).toEqual([false, true, true, true])
  })

  it('marks the cells a row’s reasons name, errors and warnings apart; a reason for the whole row marks none', () => {
    expect([...flaggedColumns(row(7, 'error', ['手机', '身份证号', null]), COLUMNS)]).toEqual([
      [2, 'error'],
      [3, 'error'],
    ])
    expect([...flaggedColumns(row(6, 'warning', ['姓名']), COLUMNS)]).toEqual([[1, 'warning']])
    expect(flaggedColumns(row(5, 'duplicate', ['姓名']), COLUMNS).size, 'a duplicate’s note marks nothing').toBe(0)
    expect(flaggedColumns(row(7, 'error', ['没有的列']), COLUMNS).size).toBe(0)
  })

  it('starts a masked ID number empty and sends only a changed value', () => {
    expect(editStart('1380013', COLUMNS[2]!)).toBe('1380013')
    expect(editStart('110105********002X', COLUMNS[3]!)).toBe('')
    expect(changesCell('1380013', '1380013 ')).toBe(false)
    expect(changesCell('', '')).toBe(false)
    expect(changesCell('1380013', '13800138007')).toBe(true)
    expect(changesCell('1380013', ''), 'clearing a cell is a change').toBe(true)
  })

  it('replaces the corrected row and the rows judged differently where the page shows them, keeping the order', () => {
    const page = [row(4, 'new'), row(7, 'error', ['手机']), row(8, 'new')]
    const result: ImportCorrection = {
      row: row(7, 'new', [], [2]),
      changed: [row(8, 'duplicate', [null]), row(120, 'duplicate', [null])],
      counts: { read: 3, new: 2, update: 0, duplicate: 1, warning: 0, error: 0 },
    }
    const next = applyCorrection(page, result)
    expect(next.map((r) => [r.row, r.status])).toEqual([
      [4, 'new'],
      [7, 'new'],
      [8, 'duplicate'],
    ])
    expect(next[0]).toBe(page[0])
    expect(next[1]!.corrected).toEqual([2])
  })
})
