/** The quick notes 关闭跟进 offers, in order; each fills the note, which the coordinator may still change. */
export const QUICK_NOTES = ['phone', 'online', 'solved', 'notNeeded'] as const

/** One of {@link QUICK_NOTES}. */
export type QuickNote = (typeof QUICK_NOTES)[number]

/** The note to send: the text as typed, trimmed; null when blank (the dialog then asks for one). */
export function noteToSend(text: string): string | null {
  const trimmed = text.trim()
  return trimmed === '' ? null : trimmed
}
