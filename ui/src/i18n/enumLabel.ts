import { useI18n } from 'vue-i18n'
import type { MessageSchema } from './messages/zh-CN'

/** A closed list whose codes have labels under `enums.<group>`. */
export type EnumGroup = keyof MessageSchema['enums']

/** Returns a function giving a code's label in the interface language, or a dash when there is no code. */
export function useEnumLabel() {
  const { t } = useI18n()
  return (group: EnumGroup, code: string | null | undefined): string =>
    code ? t(`enums.${group}.${code}`) : t('common.empty')
}
