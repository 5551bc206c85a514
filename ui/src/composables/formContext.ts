import type { FormInstance } from 'element-plus'
import { inject, provide, type InjectionKey, type Ref } from 'vue'

/** What the fields of one form dialog share: where their texts and test ids come from, and the core's complaints. */
export interface FormContext {
  /** Labels are `<messages>.fields.<field>`, placeholders `<messages>.placeholders.<field>`. */
  messages: string
  /** Form items have the test id `<prefix>-item-<field>`, their controls `<controls><field>`. */
  prefix: string
  /** The start of the controls' test ids (`<prefix>-form-` unless told). */
  controls?: string
  /** The form being edited. */
  form: Record<string, unknown>
  /** The core's message about a field ('' when none). */
  serverError: (field: string) => string
  /** Enter in a one-line text box saves (see `useEnterToSave`). */
  onKeydown?: (event: Event | KeyboardEvent) => void
  /** Where `LedgerForm` puts its el-form (to validate it). */
  formRef?: Ref<FormInstance | undefined>
  /** The edited record is loading (`LedgerForm` shows it; `FormDialog`'s 保存 waits). */
  loading?: Ref<boolean>
  /** A save is under way (`FormDialog`'s buttons show it). */
  saving?: Ref<boolean>
  /** The core's complaints about fields the form does not show (`FormDialog` lists them). */
  otherErrors?: Ref<readonly string[]>
}

const FORM_CONTEXT: InjectionKey<FormContext> = Symbol('form context')

/** Hands the form's context to its `FormField`s. */
export function provideFormContext(context: FormContext): void {
  provide(FORM_CONTEXT, context)
}

/** The context of the form a component stands in, if any (a `FormDialog` of a form without one). */
export function injectFormContext(): FormContext | null {
  return inject(FORM_CONTEXT, null)
}

/** The context of the form a `FormField` stands in (`own`: a second form's, given to it directly). */
export function useFormContext(own?: FormContext): FormContext {
  const context = own ?? inject(FORM_CONTEXT)
  if (!context) throw new Error('FormField used outside a form that provides its context')
  return context
}
