/**
 * 证明材料 and 打印表单 without the page: which marks a file of a visit or service record can carry and what each is
 * called there (a visit's confirmation is its stamped 走访记录表, a service record's its 服务确认书), the form a kind
 * of record prints, and the file name the save dialog offers for the printed forms.
 */
import type { AttachmentOwnerKind, EvidenceKind, FormKind } from '@/api'
import { evidenceMessages } from '@/i18n/messages/pages/evidence'

/** The marks a file of a visit or a service record can carry (the 三方协议 belongs to a pairing). */
export const FIELDWORK_MARKS: readonly EvidenceKind[] = ['confirmation', 'photo']

/** The record kinds that print a form. */
export type FormOwner = 'visit' | 'service_record'

/** The message key of a mark as a file of `owner` shows it (`null`: 未标记). */
export function evidenceLabelKey(kind: EvidenceKind | null, owner: AttachmentOwnerKind): string {
  if (kind === null) return 'evidence.kinds.none'
  if (kind === 'confirmation') return `evidence.kinds.confirmation.${owner === 'visit' ? 'visit' : 'service_record'}`
  return `evidence.kinds.${kind}`
}

/** The message key of what a record of `owner` calls its confirmation (服务确认书, 走访记录表). */
export function confirmationLabelKey(owner: FormOwner): string {
  return evidenceLabelKey('confirmation', owner)
}

/** The form a record of `owner` prints. */
export function formKindOf(owner: FormOwner): FormKind {
  return owner === 'visit' ? 'visit_record' : 'service_confirmation'
}

/** What the printed records are called in the file name: the date and enterprise of one, or how many. */
export interface PrintedRecord {
  date: string
  enterpriseName: string
}

/** Characters no file name may hold on Windows, replaced by `_` (control characters cannot come from a name). */
const UNSAFE = /[<>:"/\\|?*]/g

/**
 * The file name offered for the printed forms — always Chinese, like the form's own title:
 * `服务确认单_宁波精密机械有限公司_2024-03-05.xlsx` for one record, `走访记录表_3份.xlsx` for several.
 */
export function formsFileName(kind: FormKind, records: readonly PrintedRecord[]): string {
  const name = evidenceMessages.zh.names[kind]
  const [first] = records
  const tail = records.length === 1 && first ? `${first.enterpriseName}_${first.date}` : `${records.length}份`
  return `${name}_${tail}.xlsx`.replace(UNSAFE, '_')
}

/** A mark as the panel's select offers it: the kind, or `none` for 未标记 (an empty value would read as no choice). */
export type MarkOption = EvidenceKind | 'none'

/** The options of a fieldwork file's mark select: 未标记, then the marks. */
export const MARK_OPTIONS: readonly MarkOption[] = ['none', ...FIELDWORK_MARKS]

/** The options of a pairing's file: 未标记 or its signed 三方协议 (the core refuses fieldwork marks there). */
export const AGREEMENT_OPTIONS: readonly MarkOption[] = ['none', 'agreement']

/** The mark select's options for a file of `owner`. */
export function markOptions(owner: AttachmentOwnerKind): readonly MarkOption[] {
  return owner === 'assignment' ? AGREEMENT_OPTIONS : MARK_OPTIONS
}

/** The mark a new file of `owner` gets unless the person chooses another: a pairing's file is its agreement. */
export function defaultUploadMark(owner: AttachmentOwnerKind): EvidenceKind | null {
  return owner === 'assignment' ? 'agreement' : null
}

/** The select's option for a mark. */
export function markOption(kind: EvidenceKind | null): MarkOption {
  return kind ?? 'none'
}

/** The mark an option of the select stands for. */
export function markOf(option: string | null): EvidenceKind | null {
  return option === 'confirmation' || option === 'photo' || option === 'agreement' ? option : null
}
