import type { Education, EnterpriseSize, ExpertStatus, ExpertTitle, Gender, RecordKind, ServiceForm } from '@/api'

// The closed lists of the domain, in display order. Their labels live in the i18n files under `enums.*`.

/** 性别. */
export const GENDERS: readonly Gender[] = ['male', 'female']

/** 学历. */
export const EDUCATIONS: readonly Education[] = ['doctorate', 'master', 'bachelor', 'associate', 'other']

/** 职称 levels. */
export const EXPERT_TITLES: readonly ExpertTitle[] = ['senior', 'associate_senior', 'intermediate', 'junior', 'other']

/** 服务方式. */
export const SERVICE_FORMS: readonly ServiceForm[] = ['stationed', 'part_time', 'cooperation']

/** 专员状态. */
export const EXPERT_STATUSES: readonly ExpertStatus[] = ['active', 'paused', 'ended']

/** 企业规模. */
export const ENTERPRISE_SIZES: readonly EnterpriseSize[] = ['large', 'medium', 'small', 'micro']

/**
 * The 20 sections (门类) of 国民经济行业分类 GB/T 4754-2017, A 农、林、牧、渔业 … T 国际组织; the core stores the
 * letter. Labels under `enums.industry`.
 */
export const INDUSTRY_SECTIONS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
] as const

/** A GB/T 4754 section letter. */
export type IndustrySection = (typeof INDUSTRY_SECTIONS)[number]

/** Whether a stored value is one of the section letters. */
export function isIndustrySection(value: unknown): value is IndustrySection {
  return typeof value === 'string' && (INDUSTRY_SECTIONS as readonly string[]).includes(value)
}

/** The qualification flags of an enterprise (资质), in display order. Labels under `enums.qualification`. */
export const QUALIFICATIONS = ['isHighTech', 'isTechSme', 'isSpecialized'] as const

/** One of {@link QUALIFICATIONS}. */
export type Qualification = (typeof QUALIFICATIONS)[number]

/** The kinds of record in the recycle bin. */
export const RECORD_KINDS: readonly RecordKind[] = [
  'expert',
  'enterprise',
  'visit',
  'need',
  'service_record',
  'attachment',
]
