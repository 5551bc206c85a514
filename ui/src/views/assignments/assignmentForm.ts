import dayjs from 'dayjs'
import type { Assignment, AssignmentInput } from '@/api'
import { cleanText } from '@/validation/normalize'
import { checkWan, fenToWanText, type WanProblem } from '@/validation/wan'

/** Which list the pairing drawer was opened from; the form picks the other side. */
export type AssignmentSide = 'expert' | 'enterprise'

/** One line of a record's key facts at the top of the pairing drawer. */
export interface RecordFact {
  label: string
  value: string
}

/**
 * What the 新增结对 / 编辑结对 form edits. `counterpartId` is the enterprise (from an expert) or the expert (from an
 * enterprise); an edit keeps it. The targets are blank (null, '') when the agreement sets none; 合同金额 is 万元 text.
 */
export interface AssignmentFormModel {
  counterpartId: string | null
  batchId: string | null
  startDate: string | null
  endDate: string | null
  agreementSigned: boolean
  agreementSignedOn: string | null
  notes: string
  targetServiceDays: number | null
  targetVisits: number | null
  targetNeedsSolved: number | null
  targetContract: string
  targetOther: string
}

/** Today as `YYYY-MM-DD` in local time. */
export function todayIso(): string {
  return dayjs().format('YYYY-MM-DD')
}

/** A blank form starting today. */
export function emptyAssignmentForm(keep: Partial<AssignmentFormModel> = {}): AssignmentFormModel {
  return {
    counterpartId: null,
    batchId: null,
    startDate: todayIso(),
    endDate: null,
    agreementSigned: false,
    agreementSignedOn: null,
    notes: '',
    targetServiceDays: null,
    targetVisits: null,
    targetNeedsSolved: null,
    targetContract: '',
    targetOther: '',
    ...keep,
  }
}

/** The form of a stored pairing, seen from `side` (the counterpart is the other side). */
export function assignmentFormOf(side: AssignmentSide, a: Assignment): AssignmentFormModel {
  return {
    counterpartId: side === 'expert' ? a.enterpriseId : a.expertId,
    batchId: a.batchId,
    startDate: a.startDate,
    endDate: a.endDate,
    agreementSigned: a.agreementSigned,
    agreementSignedOn: a.agreementSignedOn,
    notes: a.notes ?? '',
    targetServiceDays: a.targetServiceDays,
    targetVisits: a.targetVisits,
    targetNeedsSolved: a.targetNeedsSolved,
    targetContract: a.targetContractFen === null ? '' : fenToWanText(a.targetContractFen),
    targetOther: a.targetOther ?? '',
  }
}

/** Why a target field is refused (the core's rules: days ≥ 0 in halves, counts whole ≥ 0, 万元 text). */
export type TargetProblem = { key: 'targetDays' | 'targetCount' } | WanProblem

/** 目标服务天数: blank, or a number ≥ 0 in steps of 0.5. */
export function checkTargetDays(value: number | null | undefined): TargetProblem | null {
  if (value === null || value === undefined) return null
  return value >= 0 && Number.isInteger(value * 2) && value <= 3660 ? null : { key: 'targetDays' }
}

/** 目标走访次数 / 目标解决需求: blank, or a whole number from 0 to 1,000,000. */
export function checkTargetCount(value: number | null | undefined): TargetProblem | null {
  if (value === null || value === undefined) return null
  return Number.isInteger(value) && value >= 0 && value <= 1_000_000 ? null : { key: 'targetCount' }
}

/** 目标合同金额: blank, or a 万元 amount. */
export function checkTargetContract(value: string | null | undefined): TargetProblem | null {
  return checkWan(value)
}

/** A signing date needs the agreement marked 已签 (the core refuses it otherwise). */
export function signingDateWithoutAgreement(m: Pick<AssignmentFormModel, 'agreementSigned' | 'agreementSignedOn'>) {
  return !m.agreementSigned && !!m.agreementSignedOn
}

/** The input field the counterpart select stands for. */
export function counterpartField(side: AssignmentSide): 'expertId' | 'enterpriseId' {
  return side === 'expert' ? 'enterpriseId' : 'expertId'
}

/** The command input: the drawer's own record plus the chosen counterpart. */
export function toAssignmentInput(side: AssignmentSide, recordId: string, m: AssignmentFormModel): AssignmentInput {
  const other = m.counterpartId ?? ''
  const blankToNull = (text: string) => (cleanText(text) === '' ? null : text.trim())
  return {
    expertId: side === 'expert' ? recordId : other,
    enterpriseId: side === 'enterprise' ? recordId : other,
    batchId: m.batchId,
    startDate: m.startDate ?? '',
    endDate: m.endDate || null,
    agreementSigned: m.agreementSigned,
    agreementSignedOn: m.agreementSignedOn || null,
    notes: blankToNull(m.notes),
    targetServiceDays: m.targetServiceDays ?? null,
    targetVisits: m.targetVisits ?? null,
    targetNeedsSolved: m.targetNeedsSolved ?? null,
    targetContract: blankToNull(m.targetContract),
    targetOther: blankToNull(m.targetOther),
  }
}

/** A pairing runs while it has no end date or ends today or later. */
export function isOngoing(a: Pick<Assignment, 'endDate'>, today = todayIso()): boolean {
  return a.endDate === null || a.endDate >= today
}
