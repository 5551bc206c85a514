import type { Education, ExpertStatus, ExpertTitle, Gender, ServiceForm } from '@/api'

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
