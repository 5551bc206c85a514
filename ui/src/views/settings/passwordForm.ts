/** The app password's forms: the shortest password, the strength hint and the client rules (the core checks again). */

/** The shortest password the core accepts (MIN_PASSWORD_CHARS in src-tauri/core/src/data_folder/password.rs). */
export const MIN_PASSWORD_CHARS = 8

/** What the password dialog does. */
export type PasswordMode = 'set' | 'change' | 'remove'

/** The fields each mode shows. */
export const PASSWORD_FIELDS: Record<PasswordMode, readonly PasswordField[]> = {
  set: ['newPassword', 'confirm'],
  change: ['secret', 'newPassword', 'confirm'],
  remove: ['secret'],
}

export type PasswordField = 'secret' | 'newPassword' | 'confirm'

export type PasswordStrength = 'weak' | 'fair' | 'strong'

/**
 * A rough strength hint: length and the kinds of characters (lower case, upper case, digits, anything else). Short
 * or single-kind passwords are weak; 12+ characters of three kinds are strong.
 */
export function passwordStrength(password: string): PasswordStrength {
  const length = [...password].length
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((kind) => kind.test(password)).length
  if (length < MIN_PASSWORD_CHARS || kinds < 2) return 'weak'
  if (length >= 12 && kinds >= 3) return 'strong'
  return 'fair'
}

/** The problem of a form's fields before it goes to the core, as an i18n key under `security.form` (null: none). */
export function passwordProblem(field: PasswordField, form: Record<PasswordField, string>): string | null {
  if (field === 'secret') return form.secret ? null : 'fields.secret'
  if (field === 'newPassword') return [...form.newPassword].length < MIN_PASSWORD_CHARS ? 'tooShort' : null
  return form.confirm === form.newPassword ? null : 'mismatch'
}
