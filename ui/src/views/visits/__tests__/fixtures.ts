import type { Need, NeedInput, Visit, VisitInput, VisitRow } from '@/api'
import { enterpriseRow, expertRow } from '@/test-utils/fixtures'

export { enterpriseRow, expertRow }

export const ENTERPRISES = [
  enterpriseRow('en1', '福建某某新材料有限公司'),
  enterpriseRow('en2', '福州某某电子科技有限公司'),
]
export const EXPERTS = [
  expertRow('x1', '张三'),
  expertRow('x2', '李四', { organizationName: '厦门大学' }),
  expertRow('x3', '王五'),
]

/** The review of a record typed by the coordinator: 已通过, nobody's decision. */
export const REVIEWED = { reviewStatus: 'approved', reviewOpinion: null, reviewedBy: null, reviewedAt: null } as const

export function visitRow(over: Partial<VisitRow> = {}): VisitRow {
  return {
    origins: [],
    id: 'v1',
    visitDate: '2024-05-06',
    enterpriseId: 'en1',
    enterpriseName: '福建某某新材料有限公司',
    expertNames: ['李四', '张三'],
    mode: 'on_site',
    purpose: '了解锂电池隔膜涂覆工艺需求',
    followUpDate: '2024-05-20',
    followUpOverdue: false,
    followUpClosed: false,
    attachmentCount: 2,
    evidence: { confirmation: false, photo: false },
    reviewStatus: 'approved',
    reviewOpinion: null,
    ...over,
  }
}

/** The stored visit a VisitInput becomes. */
export function storedVisit(input: VisitInput, over: Partial<Visit> = {}): Visit {
  const names: Record<string, string> = Object.fromEntries([...EXPERTS].map((e) => [e.id, e.name]))
  return {
    id: 'v-new',
    visitDate: input.visitDate,
    enterpriseId: input.enterpriseId,
    enterpriseName: ENTERPRISES.find((e) => e.id === input.enterpriseId)?.name ?? '某企业',
    experts: input.expertIds.map((id) => ({ id, name: names[id] ?? id })),
    mode: input.mode ?? 'on_site',
    purpose: input.purpose,
    findings: input.findings,
    nextStep: input.nextStep,
    followUpDate: input.followUpDate,
    notes: input.notes,
    followUpClosure: null,
    createdAt: '2024-05-06T00:00:00Z',
    updatedAt: '2024-05-06T00:00:00Z',
    revision: 1,
    ...REVIEWED,
    ...over,
  }
}

/** The stored need a NeedInput becomes. */
export function storedNeed(input: NeedInput): Need {
  return {
    id: 'n-new',
    enterpriseId: input.enterpriseId,
    enterpriseName: '福建某某新材料有限公司',
    visitId: input.visitId,
    visitDate: '2024-05-06',
    source: input.source ?? 'visit',
    title: input.title,
    originalText: input.originalText,
    refinedProblem: null,
    refinedKeyTech: null,
    refinedTarget: null,
    needType: input.needType ?? 'other',
    discipline: null,
    budgetFen: null,
    urgency: 'normal',
    stage: 'discovered',
    stageChangedOn: '2024-05-06',
    mergedIntoId: null,
    matches: [],
    events: [],
    createdAt: '2024-05-06T00:00:00Z',
    updatedAt: '2024-05-06T00:00:00Z',
    revision: 1,
  }
}
