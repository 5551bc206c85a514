import { describe, expect, it } from 'vitest'
import { baseName, formatFileSize, formatMegabytes } from '../files'

describe('formatMegabytes', () => {
  it('shows MB (1024 × 1024 bytes) with one decimal', () => {
    expect(formatMegabytes(0)).toBe('0.0')
    expect(formatMegabytes(1024 * 1024)).toBe('1.0')
    expect(formatMegabytes(12_900_000)).toBe('12.3')
    expect(formatMegabytes(1.25 * 1024 * 1024)).toBe('1.3')
  })

  it('separates thousands of a large database', () => {
    expect(formatMegabytes(2 * 1024 * 1024 * 1024)).toBe('2,048.0')
  })

  it('never shows a small non-empty file as 0.0', () => {
    expect(formatMegabytes(1)).toBe('< 0.1')
    expect(formatMegabytes(52_000)).toBe('< 0.1')
    expect(formatMegabytes(53_000)).toBe('0.1')
  })
})

describe('formatFileSize', () => {
  it('adds the unit', () => {
    expect(formatFileSize(5 * 1024 * 1024)).toBe('5.0 MB')
  })
})

describe('baseName', () => {
  it('takes the file name from a Windows or POSIX path', () => {
    expect(baseName('D:\\备份\\ledger-20260115-083000-manual.sqlite3')).toBe('ledger-20260115-083000-manual.sqlite3')
    expect(baseName('/media/li/U盘/ledger.sqlite3')).toBe('ledger.sqlite3')
    expect(baseName('ledger.db')).toBe('ledger.db')
    expect(baseName('/media/li/U盘/')).toBe('U盘')
  })
})
