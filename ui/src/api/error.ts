import type { ErrorCode, ErrorPayload, FieldError } from './bindings'

/** The code given to failures that did not come from the core (argument decoding, a missing command, a bug). */
export const INTERNAL_ERROR_CODE: ErrorCode = 'internal'

/** A failed command: the core's stable code, the message in both languages, and per-field problems. */
export class ApiError extends Error {
  /** Stable code to branch on: "validation", "duplicate", "not_found", … or "internal" (a typo fails the type-check). */
  readonly code: ErrorCode
  /** The message in English (`message` is the Chinese one). */
  readonly messageEn: string
  /** Problems of single form fields, keyed by the camelCase input field. */
  readonly fields: FieldError[]

  constructor(payload: ErrorPayload) {
    super(payload.message)
    this.name = 'ApiError'
    this.code = payload.code
    this.messageEn = payload.messageEn
    this.fields = payload.fields
  }

  /** The message in the given interface language. */
  localized(locale: string): string {
    return locale === 'en' ? this.messageEn : this.message
  }
}

/** A field error's message in the given interface language. */
export function localizedFieldMessage(field: FieldError, locale: string): string {
  return locale === 'en' ? field.messageEn : field.message
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function isFieldError(value: unknown): value is FieldError {
  return (
    isRecord(value) &&
    typeof value.field === 'string' &&
    typeof value.message === 'string' &&
    typeof value.messageEn === 'string'
  )
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    isRecord(value) &&
    typeof value.code === 'string' &&
    typeof value.message === 'string' &&
    typeof value.messageEn === 'string' &&
    Array.isArray(value.fields) &&
    value.fields.every(isFieldError)
  )
}

function describe(raw: unknown): string {
  if (typeof raw === 'string') return raw
  if (raw instanceof Error) return raw.message
  try {
    return JSON.stringify(raw) ?? String(raw)
  } catch {
    return String(raw)
  }
}

/**
 * Turns whatever a rejected `invoke` produced into an {@link ApiError}: the core's structured payload keeps its
 * code, messages and fields; anything else (e.g. a plain string from Tauri's argument decoding) becomes code
 * "internal" carrying that text in both languages.
 */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw
  if (isErrorPayload(raw)) {
    return new ApiError({ code: raw.code, message: raw.message, messageEn: raw.messageEn, fields: raw.fields })
  }
  const text = describe(raw)
  return new ApiError({ code: INTERNAL_ERROR_CODE, message: text, messageEn: text, fields: [] })
}
