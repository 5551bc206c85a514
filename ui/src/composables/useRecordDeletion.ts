import { ElMessage } from 'element-plus'
import { useI18n } from 'vue-i18n'
import {
  deleteEnterprise,
  deleteExpert,
  deleteRecord,
  referrersOfEnterprise,
  referrersOfExpert,
  referrersOfRecord,
  toApiError,
  type RecordKind,
  type Referrers,
} from '@/api'
import { useConfirm } from './useConfirm'

/** The referrer counts in the order the confirmation names them. */
const REFERRER_ORDER: readonly (keyof Referrers)[] = [
  'serviceRecords',
  'visits',
  'events',
  'needs',
  'needMatches',
  'assignments',
]

/** Whether anything points at the record. */
export function hasReferrers(r: Referrers): boolean {
  return REFERRER_ORDER.some((k) => r[k] > 0)
}

/** How one kind of record is deleted, and the suffix of its message keys (`deletion.title<Suffix>` …). */
interface KindApi {
  referrers: (id: string) => Promise<Referrers>
  remove: (id: string, confirm: boolean) => Promise<Referrers>
  suffix: string
}

/** The weekly records share the generic commands. */
function generic(kind: RecordKind, suffix: string): KindApi {
  return {
    referrers: (id: string) => referrersOfRecord(kind, id),
    remove: (id: string, confirm: boolean) => deleteRecord(kind, id, confirm),
    suffix,
  }
}

const API = {
  expert: { referrers: referrersOfExpert, remove: deleteExpert, suffix: 'Expert' },
  enterprise: { referrers: referrersOfEnterprise, remove: deleteEnterprise, suffix: 'Enterprise' },
  visit: generic('visit', 'Visit'),
  need: generic('need', 'Need'),
  service_record: generic('service_record', 'ServiceRecord'),
  attachment: generic('attachment', 'Attachment'),
  assignment: generic('assignment', 'Assignment'),
  event: generic('event', 'Event'),
} as const satisfies Record<RecordKind, KindApi>

/**
 * Deleting a record (to the recycle bin): asks what points at it, asks the user to confirm with
 * those counts in the message ("该专员有 3 条服务记录、2 次走访，删除后可在回收站恢复"), then deletes, sending
 * `confirm: true` when there were referrers.
 */
export function useRecordDeletion() {
  const { t, locale } = useI18n()
  const ask = useConfirm()

  /** The confirmation text for a record and its referrers. */
  function confirmationText(kind: RecordKind, name: string, r: Referrers): string {
    const suffix = API[kind].suffix
    const parts = REFERRER_ORDER.filter((k) => r[k] > 0).map((k) => t(`deletion.referrers.${k}`, { n: r[k] }, r[k]))
    const refs = parts.length > 0 ? t(`deletion.referrers${suffix}`, { list: parts.join(t('deletion.separator')) }) : ''
    return [t(`deletion.question${suffix}`, { name }), refs, t('deletion.recoverable')]
      .filter((s) => s !== '')
      .join(locale.value === 'en' ? ' ' : '')
  }

  /** Runs the whole flow; resolves true when the record was deleted, false when cancelled or refused. */
  async function confirmAndDelete(kind: RecordKind, id: string, name: string): Promise<boolean> {
    const api = API[kind]
    try {
      const referrers = await api.referrers(id)
      const confirmed = await ask(
        confirmationText(kind, name, referrers),
        t(`deletion.title${api.suffix}`),
        t('deletion.confirm'),
      )
      if (!confirmed) return false
      await api.remove(id, hasReferrers(referrers))
      ElMessage.success(t('deletion.done', { name }))
      return true
    } catch (failure) {
      ElMessage.error(t('deletion.failed', { message: toApiError(failure).localized(locale.value) }))
      return false
    }
  }

  return { confirmAndDelete, confirmationText }
}
