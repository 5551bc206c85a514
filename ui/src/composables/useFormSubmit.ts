import type { FormInstance } from 'element-plus'
import { ElMessage } from 'element-plus'
import { ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { toApiError, type ApiError, type FieldError } from '@/api'

/** How a form dialog saves and what it does with a refusal. */
export interface FormSubmitOptions {
  /** The el-form validated before saving (none: nothing to validate). */
  formRef?: Ref<FormInstance | undefined>
  /** Where the core's field errors go (see `useServerFieldErrors`). */
  serverErrors: Ref<FieldError[]>
  /** The warning shown when the core refused fields (an i18n key). */
  notSavedKey: string
  /** No save while this holds (besides while `load` runs). */
  busy?: () => boolean
  /** The message when `load` fails (an i18n key taking `{message}`); the dialog then closes. */
  loadFailedKey?: string
  /** Extra checks after the form's rules (all run, so every problem shows); false stops the save. */
  check?: () => boolean
  /** The dialog edits a stored record, so a `conflict` or `not_found` is about it. */
  editing?: () => boolean
  /** Loads the stored record again after a `conflict`; false when it is gone. */
  reload?: () => Promise<boolean | void>
  /** The message after a `conflict` (an i18n key; `common.conflict` unless told). */
  conflictKey?: string
  /** The message when the edited record is gone (an i18n key; the core's message unless told). */
  goneKey?: string
  /** Closes the dialog (the edited record is gone). */
  close?: () => void
  /** Called when the record turned out to be gone. */
  onGone?: () => void
  /** The message for any other failure (an i18n key taking `{message}`; the core's message alone unless told). */
  failedKey?: string
  /** Called after the core refused fields, with its error. */
  onRefused?: (error: ApiError) => void
}

/** What to do once the core saved. */
export interface Saved<R> {
  /** The success message for the saved record (none when not given). */
  message?: (saved: R) => string
  /** What follows (close, start the next entry …). */
  then?: (saved: R) => unknown
}

/**
 * The save of a form dialog: validate, save (create, or update with the revision), say so, and sort a refusal —
 * `conflict` reloads the record and says so, `not_found` of the edited record closes the dialog, `validation` and
 * `duplicate` put the core's `fields` beside the form's fields, anything else shows the core's message. `saving`
 * keeps a second click from saving twice. `load` reads the record to edit (`loading` meanwhile, no save then); when
 * it cannot be read the dialog says so and closes.
 */
export function useFormSubmit(options: FormSubmitOptions) {
  const { t, locale } = useI18n()
  const saving = ref(false)
  const loading = ref(false)

  /** Reads the record with `fetch` and hands it to `apply`. */
  async function load<T>(fetch: () => Promise<T>, apply: (value: T) => void): Promise<void> {
    loading.value = true
    try {
      apply(await fetch())
    } catch (failure) {
      const message = toApiError(failure).localized(locale.value)
      ElMessage.error(options.loadFailedKey ? t(options.loadFailedKey, { message }) : message)
      options.close?.()
    } finally {
      loading.value = false
    }
  }

  async function isValid(): Promise<boolean> {
    const form = options.formRef?.value
    const valid = form
      ? await form.validate().then(
          () => true,
          () => false,
        )
      : true
    const checked = options.check ? options.check() : true
    return valid && checked
  }

  function gone(error: ApiError): void {
    ElMessage.error(options.goneKey ? t(options.goneKey) : error.localized(locale.value))
    options.onGone?.()
    options.close?.()
  }

  /** Sorts a refusal of the core (see above). */
  async function refused(raw: unknown): Promise<void> {
    const error = toApiError(raw)
    const editing = options.editing?.() ?? false
    if (error.code === 'conflict' && editing && options.reload) {
      const found = await options.reload()
      if (found === false) gone(error)
      else ElMessage.error(t(options.conflictKey ?? 'common.conflict'))
    } else if (error.code === 'not_found' && editing && options.close) {
      gone(error)
    } else if ((error.code === 'validation' || error.code === 'duplicate') && error.fields.length > 0) {
      options.serverErrors.value = error.fields
      options.onRefused?.(error)
      ElMessage.warning(t(options.notSavedKey))
    } else {
      const message = error.localized(locale.value)
      ElMessage.error(options.failedKey ? t(options.failedKey, { message }) : message)
    }
  }

  /** Validates and saves with `save`; true when the core saved. */
  async function submit<R>(save: () => Promise<R>, saved: Saved<R> = {}): Promise<boolean> {
    if (saving.value || loading.value || options.busy?.()) return false
    options.serverErrors.value = []
    if (!(await isValid())) return false
    saving.value = true
    try {
      const record = await save()
      if (saved.message) ElMessage.success(saved.message(record))
      await saved.then?.(record)
      return true
    } catch (raw) {
      await refused(raw)
      return false
    } finally {
      saving.value = false
    }
  }

  return { saving, loading, load, submit, refused }
}
