/** Commands on enterprises (服务企业). */
import type {
  Enterprise,
  EnterpriseInput,
  EnterpriseOverview,
  EnterpriseQuery,
  EnterpriseRow,
  Page,
  Referrers,
  SaveOutcome,
} from './bindings'
import { call } from './call'

/** One page of the enterprise list, filtered and sorted by the core. */
export function listEnterprises(query: EnterpriseQuery): Promise<Page<EnterpriseRow>> {
  return call<Page<EnterpriseRow>>('list_enterprises', { query })
}

/** One enterprise with its contacts. */
export function getEnterprise(id: string): Promise<Enterprise> {
  return call<Enterprise>('get_enterprise', { id })
}

/** Validates and stores a new enterprise; a similar name already on file comes back as a warning. */
export function createEnterprise(input: EnterpriseInput): Promise<SaveOutcome<Enterprise>> {
  return call<SaveOutcome<Enterprise>>('create_enterprise', { input })
}

/** Saves an edited enterprise; code "conflict" when `expectedRevision` is stale. */
export function updateEnterprise(
  id: string,
  expectedRevision: number,
  input: EnterpriseInput,
): Promise<SaveOutcome<Enterprise>> {
  return call<SaveOutcome<Enterprise>>('update_enterprise', { id, expectedRevision, input })
}

/** The enterprise detail page: contacts, pairings, recent visits, needs and service records, outcomes. */
export function enterpriseOverview(id: string): Promise<EnterpriseOverview> {
  return call<EnterpriseOverview>('enterprise_overview', { id })
}

/** What points at an enterprise, shown before deleting it. */
export function referrersOfEnterprise(id: string): Promise<Referrers> {
  return call<Referrers>('referrers_of_enterprise', { id })
}

/** Moves an enterprise to the recycle bin; `confirm` must be true when something points at it. */
export function deleteEnterprise(id: string, confirm: boolean): Promise<Referrers> {
  return call<Referrers>('delete_enterprise', { id, confirm })
}
