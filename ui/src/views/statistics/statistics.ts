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
}

/** No region chosen. */
export const NO_REGION: RegionValue = { province: null, city: null, county: null, regionCode: null }

/** The most precise level of a chosen region (county, else city, else province), or null for none. */
export function regionName(region: RegionValue): string | null {
  return region.county || region.city || region.province || null
}

/** The filter `statistics` and the exports receive. */
export function buildFilter(choice: StatisticsChoice): ReportFilter {
  return {
    period: periodString(choice.period),
    region: regionName(choice.region),
    organizationId: choice.organizationId,
    batchId: choice.batchId,
  }
}

/** The scope handed to the export dialog, with its label (宁波市 · 浙江大学 · 2024年第一批; empty for everything). */
export function buildScope(choice: StatisticsChoice, organizations: Organization[], batches: Batch[]): ExportScope {
  const region = regionName(choice.region)
  const organization = organizations.find((o) => o.id === choice.organizationId)?.name ?? null
  const batch = batches.find((b) => b.id === choice.batchId)?.name ?? null
  return {
    region,
    organizationId: choice.organizationId,
    batchId: choice.batchId,
    label: [region, organization, batch].filter((part): part is string => !!part).join(' · '),
  }
}
