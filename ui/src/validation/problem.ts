import type { MessageSchema } from '@/i18n/messages/zh-CN'

/** The i18n key (under `validation.`) of a validation message. */
export type ProblemKey = keyof MessageSchema['validation']

/** A validation failure: which message to show and the values it interpolates. */
export interface Problem {
  key: ProblemKey
  params?: Record<string, string | number>
}

/** A checked value: the normalised form, or the reason it was refused. */
export type Checked = { ok: true; value: string } | { ok: false; problem: Problem }

/** Shorthand for a refused value. */
export function refuse(key: ProblemKey, params?: Record<string, string | number>): Checked {
  return { ok: false, problem: params ? { key, params } : { key } }
}
