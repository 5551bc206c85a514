import { describe, expect, it } from 'vitest'
import type { BackupEntry, BackupReason, ErrorCode, StartupStatus } from '@/api'
import { createAppI18n } from '@/i18n'
import { offeredBackup, offersRetry, startupProblemKind } from '../dataSafety'

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
  return { problem, newestBackup, dataDir: '/d', checking: false }
}

describe('startupProblemKind', () => {
  it('recovers only a damaged file or one that is not a ledger', () => {
    for (const code of ['integrity', 'damaged_file', 'not_a_ledger', 'corrupt_value'] as const)
      expect(startupProblemKind(code)).toBe('unreadable')
  })

  it('tells a newer version’s file and a missing one apart', () => {
    expect(startupProblemKind('schema_too_new')).toBe('tooNew')
    expect(startupProblemKind('ledger_missing')).toBe('missing')
  })

  it('offers 重试 for a file in use, a read-only folder and I/O or other failures', () => {
    expect(startupProblemKind('in_use')).toBe('inUse')
    expect(startupProblemKind('busy')).toBe('inUse')
    expect(startupProblemKind('read_only')).toBe('readOnly')
    for (const code of ['io', 'disk_full', 'database', 'internal'] as const) expect(startupProblemKind(code)).toBe('io')
    expect(startupProblemKind(undefined)).toBe('io')
    for (const kind of ['inUse', 'readOnly', 'io'] as const) expect(offersRetry(kind)).toBe(true)
    for (const kind of ['tooNew', 'missing', 'unreadable'] as const) expect(offersRetry(kind)).toBe(false)
  })
})

describe('offeredBackup', () => {
  it('offers the newest good backup for an unreadable database', () => {
    expect(offeredBackup(status('integrity'))).toEqual(NEWEST)
    expect(offeredBackup(status('not_a_ledger'))).toEqual(NEWEST)
    expect(offeredBackup(status('integrity', null))).toBeNull()
  })

  it('offers the newest good backup when the database file is missing beside its backups', () => {
    expect(offeredBackup(status('ledger_missing'))).toEqual(NEWEST)
  })

  it('offers none when there is no problem, for a newer version’s file, or for a problem a backup does not fix', () => {
    expect(offeredBackup(status(null))).toBeNull()
    expect(offeredBackup(status('schema_too_new'))).toBeNull()
    for (const code of ['in_use', 'busy', 'read_only', 'io', 'disk_full', 'database'] as const)
      expect(offeredBackup(status(code))).toBeNull()
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
