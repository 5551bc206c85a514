function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/**
 * Formats an RFC 3339 timestamp (the core stores UTC) as local `YYYY-MM-DD HH:mm`; returns the input unchanged
 * when it cannot be parsed.
 */
export function formatLocalDateTime(rfc3339: string): string {
  const d = new Date(rfc3339)
  if (Number.isNaN(d.getTime())) return rfc3339
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`
}
