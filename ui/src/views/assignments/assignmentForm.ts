import dayjs from 'dayjs'
import type { Assignment, AssignmentInput } from '@/api'

/** Which list the pairing drawer was opened from; the form picks the other side. */
export type AssignmentSide = 'expert' | 'enterprise'

/** One line of a record's key facts at the top of the pairing drawer. */
export interface RecordFact {
  label: string
  value: string
}

/** What the 新增结对 form edits. `counterpartId` is the enterprise (from an expert) or the expert (from an enterprise). */
export interface AssignmentFormModel {
  counterpartId: string | null
  batchId: string | null
  startDate: string | null
  endDate: string | null
  agreementSigned: boolean
  notes: string
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
    notes: '',
    ...keep,
  }
}

/** The input field the counterpart select stands for. */
export function counterpartField(side: AssignmentSide): 'expertId' | 'enterpriseId' {
  return side === 'expert' ? 'enterpriseId' : 'expertId'
}

/** The command input: the drawer's own record plus the chosen counterpart. */
export function toAssignmentInput(side: AssignmentSide, recordId: string, m: AssignmentFormModel): AssignmentInput {
  const other = m.counterpartId ?? ''
  const notes = m.notes.trim()
  return {
    expertId: side === 'expert' ? recordId : other,
    enterpriseId: side === 'enterprise' ? recordId : other,
    batchId: m.batchId,
    startDate: m.startDate ?? '',
    endDate: m.endDate || null,
    agreementSigned: m.agreementSigned,
    notes: notes === '' ? null : notes,
  }
}

/** A pairing runs while it has no end date or ends today or later. */
export function isOngoing(a: Pick<Assignment, 'endDate'>, today = todayIso()): boolean {
  return a.endDate === null || a.endDate >= today
}
