import type { EnterpriseQuery } from './bindings/EnterpriseQuery'
import type { ExpertQuery } from './bindings/ExpertQuery'
import type { NeedQuery } from './bindings/NeedQuery'
import type { ServiceRecordQuery } from './bindings/ServiceRecordQuery'
import type { VisitQuery } from './bindings/VisitQuery'

/**
 * The list queries with their defaults filled in: the first page of 30, nothing filtered, in the order a picker
 * shows them (names A→Z; needs, visits and records newest first). A caller names only what it sets, e.g.
 * `expertQuery({ search: '王', status: 'active' })`.
 */

/** How many rows a query asks for unless told otherwise (what a searched select offers at a time). */
export const DEFAULT_PAGE_SIZE = 30

export function expertQuery(set: Partial<ExpertQuery> = {}): ExpertQuery {
  return {
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
    search: null,
    title: null,
    status: null,
    organizationId: null,
    batchId: null,
    sort: 'name',
    order: 'asc',
    origins: null,
    unserved: false,
    ...set,
  }
}

export function enterpriseQuery(set: Partial<EnterpriseQuery> = {}): EnterpriseQuery {
  return {
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
    search: null,
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
    origins: null,
    ...set,
  }
}

export function needQuery(set: Partial<NeedQuery> = {}): NeedQuery {
  return {
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
    search: null,
    stages: [],
    enterpriseId: null,
    needType: null,
    urgency: null,
    expertId: null,
    stale: false,
    sort: 'createdAt',
    order: 'desc',
    origins: null,
    ...set,
  }
}

export function visitQuery(set: Partial<VisitQuery> = {}): VisitQuery {
  return {
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
    search: null,
    enterpriseId: null,
    expertId: null,
    mode: null,
    dateFrom: null,
    dateTo: null,
    followUp: null,
    sort: 'visitDate',
    order: 'desc',
    origins: null,
    missingConfirmation: false,
    reviewStatus: null,
    ...set,
  }
}

export function serviceRecordQuery(set: Partial<ServiceRecordQuery> = {}): ServiceRecordQuery {
  return {
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
    search: null,
    expertId: null,
    enterpriseId: null,
    needId: null,
    serviceType: null,
    dateFrom: null,
    dateTo: null,
    sort: 'startDate',
    order: 'desc',
    origins: null,
    missingConfirmation: false,
    reviewStatus: null,
    ...set,
  }
}
