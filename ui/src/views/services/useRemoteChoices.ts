import { ElMessage } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { listEnterprises, listExperts, toApiError } from '@/api'
import { formatRegion } from '@/domain/regions'

/** One option of a searched select: the record's id, its name, and a hint shown on the right. */
export interface Choice {
  id: string
  label: string
  meta: string
}

/** How many matches a searched select offers at a time. */
export const CHOICE_LIMIT = 30

/** The experts whose name, unit, discipline or phone contains `search` (all when null), by name. */
export async function findExperts(search: string | null): Promise<Choice[]> {
  const page = await listExperts({
    page: 1,
    pageSize: CHOICE_LIMIT,
    search,
    title: null,
    status: null,
    organizationId: null,
    batchId: null,
    sort: 'name',
    order: 'asc',
  })
  return page.items.map((e) => ({ id: e.id, label: e.name, meta: e.organizationName ?? '' }))
}

/** The enterprises whose name, products, address or legal representative contains `search`, by name. */
export async function findEnterprises(search: string | null): Promise<Choice[]> {
  const page = await listEnterprises({
    page: 1,
    pageSize: CHOICE_LIMIT,
    search,
    province: null,
    city: null,
    county: null,
    size: null,
    isHighTech: null,
    isTechSme: null,
    isSpecialized: null,
    industry: null,
    sort: 'name',
    order: 'asc',
  })
  return page.items.map((e) => ({ id: e.id, label: e.name, meta: formatRegion(e) }))
}

/**
 * The options of a select searched on the server as the user types (`search` is its remote-method): only the answer
 * to the latest search is kept, and the option chosen now (`chosen`) stays among the options whatever a later search
 * finds, so the select never loses the name of its value. `pin` puts a record the form chose by itself (an edited
 * record's expert, a copied template's enterprise) among the options, so the select shows its name rather than its id.
 */
export function useRemoteChoices(find: (search: string | null) => Promise<Choice[]>, chosen: () => string | null) {
  const { t, locale } = useI18n()
  const options = shallowRef<Choice[]>([])
  const loading = ref(false)
  let latest = 0

  async function search(text: string): Promise<void> {
    const call = ++latest
    const query = text.trim() === '' ? null : text.trim()
    loading.value = true
    try {
      const found = await find(query)
      if (call === latest) {
        const kept = options.value.find((o) => o.id === chosen() && !found.some((f) => f.id === o.id))
        options.value = kept ? [kept, ...found] : found
      }
    } catch (failure) {
      if (call === latest) ElMessage.error(t('servicesPage.searchFailed', { message: toApiError(failure).localized(locale.value) }))
    } finally {
      if (call === latest) loading.value = false
    }
  }

  function pin(choice: Choice): void {
    options.value = [choice, ...options.value.filter((o) => o.id !== choice.id)]
  }

  /** The name of a record among the options, if it is one of them. */
  function labelOf(id: string | null): string | null {
    return options.value.find((o) => o.id === id)?.label ?? null
  }

  return { options, loading, search, pin, labelOf }
}
