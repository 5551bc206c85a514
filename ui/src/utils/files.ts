/** Bytes in a megabyte as file managers count them (MiB). */
const BYTES_PER_MB = 1024 * 1024

/**
 * Formats a file size in MB with one decimal and thousands separators, e.g. 12_900_000 → "12.3", 2 GiB →
 * "2,048.0"; a file under 0.05 MB that is not empty shows as "< 0.1" rather than a misleading "0.0".
 */
export function formatMegabytes(bytes: number): string {
  const tenths = Math.round((Math.max(0, bytes) * 10) / BYTES_PER_MB)
  if (tenths === 0 && bytes > 0) return '< 0.1'
  return `${Math.floor(tenths / 10).toLocaleString('en-US')}.${tenths % 10}`
}

/** {@link formatMegabytes} with its unit, e.g. "12.3 MB". */
export function formatFileSize(bytes: number): string {
  return `${formatMegabytes(bytes)} MB`
}

/** The last part of a file path, Windows or POSIX, e.g. `D:\备份\ledger.sqlite3` → `ledger.sqlite3`. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter((part) => part !== '')
  return parts[parts.length - 1] ?? path
}
