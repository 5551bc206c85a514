import type { Batch, Organization, ReportFilter } from '@/api'
import type { ExportScope } from '@/components/exportSupport'
import type { RegionValue } from '@/domain/regions'
import { periodString, type PeriodChoice } from '@/utils/period'

/** What the 统计导出 page's toolbar holds: the period and the optional scope. */
export interface StatisticsChoice {
  period: PeriodChoice
  region: RegionValue
  organizationId: string | null
  batchId: string | null
  /** 来源: only records of these origins (null or none: all; offered only when several meet in the ledger). */
  origins: string[] | null
}

/** No region chosen. */
export const NO_REGION: RegionValue = { province: null, city: null, county: null, regionCode: null }

/** The most precise level of a chosen region (county, else city, else province), or null for none. */
export function regionName(region: RegionValue): string | null {
  return region.county || region.city || region.province || null
}

/** The filter `statistics` and the exports receive; `reviewedOnly` (只统计已审核) counts approved records alone. */
export function buildFilter(choice: StatisticsChoice, reviewedOnly = false): ReportFilter {
  return {
    period: periodString(choice.period),
    region: regionName(choice.region),
    organizationId: choice.organizationId,
    batchId: choice.batchId,
    ...(choice.origins?.length ? { origins: [...choice.origins] } : {}),
    ...(reviewedOnly ? { reviewedOnly: true } : {}),
  }
}

/** The scope handed to the export dialog, with its label (宁波市 · 浙江大学 · 2024年第一批; empty for everything). */
export function buildScope(
  choice: StatisticsChoice,
  organizations: Organization[],
  batches: Batch[],
  origins: readonly { id: string; name: string }[] = [],
): ExportScope {
  const region = regionName(choice.region)
  const organization = organizations.find((o) => o.id === choice.organizationId)?.name ?? null
  const batch = batches.find((b) => b.id === choice.batchId)?.name ?? null
  const chosen = choice.origins ?? []
  const originNames = origins.filter((o) => chosen.includes(o.id)).map((o) => o.name)
  return {
    region,
    organizationId: choice.organizationId,
    batchId: choice.batchId,
    origins: chosen.length ? [...chosen] : null,
    label: [region, organization, batch, originNames.join('、')].filter((part): part is string => !!part).join(' · '),
  }
}
