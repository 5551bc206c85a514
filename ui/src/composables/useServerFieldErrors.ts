import { computed, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { localizedFieldMessage, type FieldError } from '@/api'

/**
 * The core's field errors for a form dialog: `serverError(field)` is the message to show beside a field (in the
 * interface language), `otherErrors` those about fields the form does not show. A field the user edits drops the
 * core's old complaint about it.
 */
export function useServerFieldErrors<F extends string>(form: Record<F, unknown>, fields: readonly F[]) {
  const { locale } = useI18n()
  const serverErrors = shallowRef<FieldError[]>([])

  function serverError(field: string): string {
    return serverErrors.value
      .filter((f) => f.field === field)
      .map((f) => localizedFieldMessage(f, locale.value))
      .join('；')
  }

  const otherErrors = computed(() =>
    serverErrors.value
      .filter((f) => !(fields as readonly string[]).includes(f.field))
      .map((f) => localizedFieldMessage(f, locale.value)),
  )

  watch(
    () => fields.map((f) => form[f]),
    (now, before) => {
      const changed: string[] = fields.filter((_, i) => now[i] !== before[i])
      if (changed.length > 0 && serverErrors.value.some((e) => changed.includes(e.field))) {
        serverErrors.value = serverErrors.value.filter((e) => !changed.includes(e.field))
      }
    },
  )

  return { serverErrors, serverError, otherErrors }
}
