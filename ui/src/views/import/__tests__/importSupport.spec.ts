import { describe, expect, it } from 'vitest'
import type { ImportColumn, ImportReport } from '@/api'
import { importPageMessages } from '@/i18n/messages/pages/importPage'
import { SECTIONS } from '@/router/sections'
import {
  IMPORT_KINDS,
  LIST_ROUTES,
  baseName,
  committableCount,
  countFilters,
  fieldLabel,
  fieldOwners,
  fileStem,
  importKindOf,
  issueText,
  mappingChanged,
  mappingOf,
  rejectedRowCount,
  rejectsDefaultPath,
  rejectsFileName,
  reportOutcome,
} from '../importSupport'

const COUNTS = { read: 120, new: 90, update: 8, duplicate: 5, warning: 7, error: 10 }

const COLUMNS: ImportColumn[] = [
  { letter: 'A', header: '序号', field: null },
  { letter: 'B', header: '姓名', field: 'name' },
  { letter: 'C', header: '联系电话', field: 'phone' },
]

function report(part: Partial<ImportReport>): ImportReport {
  return {
    importId: null,
    read: 0,
    imported: 0,
    updated: 0,
    skipped: 0,
    rejected: [],
    warnings: [],
    written: false,
    ...part,
  }
}

const issue = (row: number) => ({
  row,
  column: '手机',
  reason: '手机号码应为 11 位',
  reasonEn: 'A mobile number has 11 digits',
})

describe('import helpers', () => {
  it('offers every kind with its label in both languages and a list page to show, events included', () => {
    expect(IMPORT_KINDS).toContain('events')
    expect(importKindOf('events')).toBe('events')
    expect(importKindOf('nothing')).toBeNull()
    const paths = SECTIONS.map((s) => s.path)
    for (const kind of IMPORT_KINDS) {
      expect(paths).toContain(LIST_ROUTES[kind])
      for (const messages of [importPageMessages.zh, importPageMessages.en]) {
        expect(messages.kinds[kind]).toBeTruthy()
        expect(messages.listPages[kind]).toBeTruthy()
      }
    }
    expect([importPageMessages.zh.kinds.events, LIST_ROUTES.events]).toEqual(['活动台账', '/events'])
  })

  it('turns the counts into the filter tags, 全部 first, and counts the rows 导入 writes', () => {
    expect(countFilters(COUNTS)).toEqual([
      { key: 'all', status: null, count: 120 },
      { key: 'new', status: 'new', count: 90 },
      { key: 'update', status: 'update', count: 8 },
      { key: 'duplicate', status: 'duplicate', count: 5 },
      { key: 'warning', status: 'warning', count: 7 },
      { key: 'error', status: 'error', count: 10 },
    ])
    expect(committableCount(COUNTS)).toBe(105)
  })

  it('writes a reason with its column in brackets, in the interface language', () => {
    expect(issueText(issue(4), 'zh-CN')).toBe('【手机】手机号码应为 11 位')
    expect(issueText(issue(4), 'en')).toBe('[手机] A mobile number has 11 digits')
    const whole = { row: 5, column: null, reason: '与第 3 行重复', reasonEn: 'The same as row 3' }
    expect(issueText(whole, 'zh-CN')).toBe('与第 3 行重复')
    expect(issueText(whole, 'en')).toBe('The same as row 3')
  })

  it('stars required fields', () => {
    const name = { key: 'name', label: '姓名', labelEn: 'Name', required: true }
    expect(fieldLabel(name, 'zh-CN')).toBe('姓名 *')
    expect(fieldLabel({ ...name, required: false }, 'en')).toBe('Name')
  })

  it('compares the mapping as edited with the one judged, and knows which column holds each field', () => {
    const judged = mappingOf(COLUMNS)
    expect(judged).toEqual([null, 'name', 'phone'])
    expect(mappingChanged(judged, COLUMNS)).toBe(false)
    expect(mappingChanged([null, 'name', null], COLUMNS)).toBe(true)
    expect(mappingChanged(['title', 'name', 'phone'], COLUMNS)).toBe(true)
    expect(fieldOwners([null, 'name', 'phone'], COLUMNS)).toEqual(
      new Map([
        ['name', 'B'],
        ['phone', 'C'],
      ]),
    )
    expect(fieldOwners(['phone', null, 'phone'], COLUMNS).get('phone')).toBe('A')
  })

  it('names the rejected rows’ workbook after the file and offers it beside the file', () => {
    expect(fileStem('2024年专员花名册.xlsx')).toBe('2024年专员花名册')
    expect(fileStem('名录.v2.csv')).toBe('名录.v2')
    expect(fileStem('.hidden')).toBe('.hidden')
    expect(rejectsFileName('花名册.xls')).toBe('未导入的行-花名册.xlsx')
    expect(rejectsDefaultPath('/home/li/表格/花名册.xls', '花名册.xls')).toBe('/home/li/表格/未导入的行-花名册.xlsx')
    expect(rejectsDefaultPath('C:\\Users\\li\\Desktop\\企业.csv', '企业.csv')).toBe(
      'C:\\Users\\li\\Desktop\\未导入的行-企业.xlsx',
    )
    expect(rejectsDefaultPath('企业.csv', '企业.csv')).toBe('未导入的行-企业.xlsx')
    expect(baseName('C:\\Users\\li\\企业.csv')).toBe('企业.csv')
    expect(baseName('/tmp/a/b.xlsx')).toBe('b.xlsx')
  })

  it('counts rejected rows, not reasons, and says whether anything was written and why not', () => {
    const rejected = [issue(4), { ...issue(4), column: '姓名' }, issue(9)]
    expect(rejectedRowCount(report({ rejected }))).toBe(2)
    expect(reportOutcome(report({ written: true, rejected }), 'skip')).toBe('written')
    expect(reportOutcome(report({ rejected }), 'stop')).toBe('stopped')
    // Every row wrong with 跳过错误行: nothing to write, not stopped.
    expect(reportOutcome(report({ rejected }), 'skip')).toBe('nothing')
    expect(reportOutcome(report({}), 'stop')).toBe('nothing')
  })
})
