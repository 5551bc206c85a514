// What changed between the before and after images of an audit entry.

/** Bookkeeping fields that change with every save and say nothing to the user. */
const IGNORED = new Set(['id', 'createdAt', 'updatedAt', 'revision', 'deletedAt', 'nameKey'])

/** One changed field: its name and the values before and after (undefined when the image lacks it). */
export interface FieldChange {
  field: string
  before: unknown
  after: unknown
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Compares two values by content (JSON), so arrays and nested objects compare by what they hold. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/**
 * The fields whose values differ between two record images, in the order they appear (after's keys first). Only
 * meaningful when both images are objects (an update); otherwise there is nothing to compare and [] comes back.
 */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  if (!isObject(before) || !isObject(after)) return []
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))]
  return keys
    .filter((k) => !IGNORED.has(k) && !same(before[k], after[k]))
    .map((field) => ({ field, before: before[field], after: after[field] }))
}
