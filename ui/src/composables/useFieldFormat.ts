import { useI18n } from 'vue-i18n'
import { isIndustrySection } from '@/domain/codes'
import type { EnumGroup } from '@/i18n/enumLabel'

/** Fields whose codes have labels under `enums.<group>`. */
const ENUM_FIELDS: Record<string, EnumGroup> = {
  gender: 'gender',
  education: 'education',
  title: 'title',
  serviceForm: 'serviceForm',
  status: 'status',
  size: 'size',
  kind: 'organizationKind',
  mode: 'visitMode',
  needType: 'needType',
  stage: 'needStage',
  fromStage: 'needStage',
  toStage: 'needStage',
  method: 'matchMethod',
  serviceType: 'serviceType',
}

/** A stored column name (`credit_code`) as the records' fields are named in the UI (`creditCode`). */
export function camelField(field: string): string {
  return field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

/**
 * A record's fields as the user reads them, wherever a field's value is shown out of its form (the change history,
 * 待处理冲突): the field's label from the one list `history.fields` (camelCase names; a stored column's snake_case
 * name is accepted too), and its value with labels for codes, 是/否 for flags, names for contact lists.
 */
export function useFieldFormat() {
  const { t, te, locale } = useI18n()

  function fieldLabel(field: string): string {
    const key = `history.fields.${camelField(field)}`
    return te(key) ? t(key) : field
  }

  function formatValue(rawField: string, value: unknown): string {
    const field = camelField(rawField)
    if (value === null || value === undefined || value === '') return t('common.empty')
    if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no')
    if (typeof value === 'string') {
      const group = ENUM_FIELDS[field]
      if (group && te(`enums.${group}.${value}`)) return t(`enums.${group}.${value}`)
      if (field === 'industry' && isIndustrySection(value)) return `${value} ${t(`enums.industry.${value}`)}`
      return value
    }
    if (typeof value === 'number') return String(value)
    if (Array.isArray(value)) {
      if (value.length === 0) return t('common.empty')
      const separator = locale.value === 'en' ? ', ' : '、'
      return value
        .map((item: unknown) => {
          if (typeof item === 'object' && item !== null && 'name' in item) {
            const c = item as { name?: unknown; phone?: unknown }
            return [c.name, c.phone].filter((p) => typeof p === 'string' && p !== '').join(' ')
          }
          return String(item)
        })
        .join(separator)
    }
    return JSON.stringify(value)
  }

  return { fieldLabel, formatValue }
}
