import { describe, expect, it } from 'vitest'
import type { BackupEntry, BackupReason, ErrorCode, StartupStatus } from '@/api'
import { createAppI18n } from '@/i18n'
import { offeredBackup, startupProblemKind } from '../dataSafety'

const NEWEST: BackupEntry = {
  fileName: 'ledger-20260114-080000-daily.sqlite3',
  path: '/d/backups/ledger-20260114-080000-daily.sqlite3',
  createdAt: '2026-01-14T00:00:00Z',
  sizeBytes: 13_000_000,
  reason: 'daily',
  schemaVersion: 9,
  attachmentFiles: 0,
  missingFiles: [],
  encrypted: false,
}

function status(code: ErrorCode | null, newestBackup: BackupEntry | null = NEWEST): StartupStatus {
  const problem = code === null ? null : { code, message: '无法打开', messageEn: 'cannot open', fields: [] }
  return { problem, newestBackup, dataDir: '/d' }
}

describe('startupProblemKind', () => {
  it('tells a newer version’s file and a file in use from an unreadable one', () => {
    expect(startupProblemKind('schema_too_new')).toBe('tooNew')
    expect(startupProblemKind('in_use')).toBe('inUse')
    for (const code of ['integrity', 'not_a_ledger', 'database', 'io'] as const)
      expect(startupProblemKind(code)).toBe('unreadable')
  })
})

describe('offeredBackup', () => {
  it('offers the newest good backup for an unreadable database', () => {
    expect(offeredBackup(status('integrity'))).toEqual(NEWEST)
    expect(offeredBackup(status('integrity', null))).toBeNull()
  })

  it('offers the newest good backup when the database file is missing beside its backups', () => {
    expect(startupProblemKind('ledger_missing')).toBe('unreadable')
    expect(offeredBackup(status('ledger_missing'))).toEqual(NEWEST)
  })

  it('offers none when there is no problem, for a newer version’s file, or while the file is in use', () => {
    expect(offeredBackup(status(null))).toBeNull()
    expect(offeredBackup(status('schema_too_new'))).toBeNull()
    expect(offeredBackup(status('in_use'))).toBeNull()
  })
})

describe('backup type labels', () => {
  const REASONS: BackupReason[] = ['daily', 'weekly', 'monthly', 'migration', 'import', 'restore', 'manual', 'damaged']

  it('name every reason in Chinese and English', () => {
    const { global } = createAppI18n('zh-CN')
    expect(REASONS.map((r) => global.t(`dataSafetyPage.reasons.${r}`))).toEqual([
      '每日',
      '每周',
      '每月',
      '升级前',
      '导入前',
      '恢复前',
      '手动',
      '损坏文件留存',
    ])
    global.locale.value = 'en'
    expect(REASONS.map((r) => global.t(`dataSafetyPage.reasons.${r}`))).toEqual([
      'Daily',
      'Weekly',
      'Monthly',
      'Before upgrade',
      'Before import',
      'Before restore',
      'Manual',
      'Damaged file kept',
    ])
  })
})
