import type { FormInstance } from 'element-plus'
import { ref, shallowRef, watch, type Ref } from 'vue'
import { provideFormContext } from '@/composables/formContext'
import { useEnterToSave } from '@/composables/useEnterToSave'
import { useFormSubmit, type FormSubmitOptions, type Saved } from '@/composables/useFormSubmit'
import { useServerFieldErrors } from '@/composables/useServerFieldErrors'

/** A stored record a form dialog edits: saved again with the revision it was read at. */
export interface StoredRecord {
  id: string
  revision: number
}

/** The core's field errors of a form (see `useServerFieldErrors`). */
export type FormErrors = Pick<ReturnType<typeof useServerFieldErrors>, 'serverErrors' | 'serverError' | 'otherErrors'>

/** A form dialog that adds or edits one record. */
export interface FormDialogOptions<F extends object, R extends StoredRecord, I, S> extends Omit<
  FormSubmitOptions,
  'formRef' | 'serverErrors' | 'notSavedKey' | 'editing'
> {
  open: Ref<boolean>
  /** Texts are under `<messages>.` (`notSaved`, `loadFailed`, `fields.<field>` …); test ids start with `<prefix>-`. */
  messages: string
  prefix: string
  /** The form being edited (reactive). */
  form: F
  /** Its fields the core's errors are shown beside (all unless told). */
  fields?: readonly string[]
  /** The blank form, with `keep` carried over (保存并新增). */
  blank: (keep?: Partial<F>) => F
  /** The form showing a stored record. */
  formOf: (record: R) => F
  /** The warning when the core refused fields (`<messages>.notSaved` unless told). */
  notSavedKey?: string
  /** The record to edit when the dialog opens, read with `get`; null to add one. */
  recordId?: () => string | null | undefined
  /** Or the record to edit as the caller has it (no read). */
  record?: () => R | null
  /** Reads a stored record (to edit it, and again after a conflict). */
  get?: (id: string) => Promise<R>
  toInput: (form: F) => I
  create: (input: I) => Promise<S>
  update: (id: string, expectedRevision: number, input: I) => Promise<S>
  /** The core's field errors, when the form sorts them itself (else those of the form's fields). */
  errors?: FormErrors
  /** Enter in a one-line box: saves unless told. */
  onEnter: () => unknown
  /** After the form was filled (blank or with a record). */
  filled?: () => void
  /** After the dialog opened and the form was emptied. */
  opened?: () => void
  /** After 保存并新增 emptied the form for the next entry. */
  next?: () => void
}

/**
 * The script every add-or-edit dialog shares: the form's refs and the core's errors beside its fields, the form's
 * context for its `FormField`s, emptying it when the dialog opens and loading the edited record (again after a
 * conflict), and `save`: create or update with the revision it was read at, then start the next entry
 * (`andNew`) or close. The save itself, its messages and its refusals are `useFormSubmit`'s.
 */
export function useFormDialog<F extends object, R extends StoredRecord, I, S>(options: FormDialogOptions<F, R, I, S>) {
  const { open, form, messages } = options
  const formRef = ref<FormInstance>()
  /** The record being edited, as last read (its revision goes back as expectedRevision); null while adding. */
  const editing = shallowRef<R | null>(null)
  const fields = options.fields ?? Object.keys(form)
  const errors = options.errors ?? useServerFieldErrors(form as Record<string, unknown>, fields)
  const { serverErrors } = errors
  const close = () => (open.value = false)
  const { saving, loading, load, submit } = useFormSubmit({
    close,
    reload: () => loadRecord(editing.value!.id),
    notSavedKey: `${messages}.notSaved`,
    loadFailedKey: `${messages}.loadFailed`,
    ...options,
    formRef,
    serverErrors,
    editing: () => editing.value !== null,
  })

  /** Shows `record` (null: a blank form, with `keep`), without the last problems. */
  function fill(record: R | null, keep?: Partial<F>): void {
    editing.value = record
    Object.assign(form, record ? options.formOf(record) : options.blank(keep))
    serverErrors.value = []
    formRef.value?.clearValidate()
    options.filled?.()
  }

  function loadRecord(id: string): Promise<void> {
    return load(
      () => options.get!(id),
      (record) => fill(record),
    )
  }

  watch(
    open,
    (isOpen) => {
      if (!isOpen) return
      fill(options.record?.() ?? null)
      options.opened?.()
      const id = options.recordId?.()
      if (id) void loadRecord(id)
    },
    { immediate: true },
  )

  /** Validates and saves; then starts the next entry (`andNew`, keeping `keep`'s values) or closes. */
  function save(andNew: boolean, saved: Saved<S> & { keep?: () => Partial<F> }): Promise<boolean> {
    const current = editing.value
    const store = () => {
      const input = options.toInput(form)
      return current ? options.update(current.id, current.revision, input) : options.create(input)
    }
    return submit(store, {
      message: saved.message,
      then: async (record) => {
        const keep = saved.keep?.()
        await saved.then?.(record)
        if (!andNew) return close()
        fill(null, keep)
        options.next?.()
      },
    })
  }

  const onKeydown = useEnterToSave(options.onEnter)
  provideFormContext({
    messages,
    prefix: options.prefix,
    form: form as Record<string, unknown>,
    serverError: errors.serverError,
    onKeydown,
    formRef,
    loading,
    saving,
    otherErrors: errors.otherErrors,
  })

  return { ...errors, formRef, editing, saving, loading, load, submit, save, fill, close, onKeydown }
}
