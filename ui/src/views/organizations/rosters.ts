import type { FormItemRule } from 'element-plus'
import {
  createBatch,
  createOrganization,
  deleteBatch,
  deleteOrganization,
  listBatches,
  listOrganizations,
  updateBatch,
  updateOrganization,
  type Batch,
  type Organization,
} from '@/api'
import { batchFormOf, batchFormRules, BATCH_FORM_FIELDS, emptyBatchForm, formatPeriod, toBatchInput } from './batchForm'
import type { FormProblemTranslator } from './formSupport'
import {
  emptyOrganizationForm,
  ORGANIZATION_FORM_FIELDS,
  ORGANIZATION_KINDS,
  organizationFormOf,
  organizationFormRules,
  toOrganizationInput,
} from './organizationForm'

// The two small lists every expert points at, 派出单位 and 批次, described by their fields: one list component
// (RosterList) and one dialog (RosterFormDialog) show either. Texts live under `organizations.<messages>.`, test ids
// start with `<prefix>-`.

type Translate = (key: string, params?: Record<string, unknown>, plural?: number) => string
type TagType = 'primary' | 'success' | 'warning' | 'info'

/** What every row of a roster has. */
export interface RosterRecord {
  id: string
  name: string
  revision: number
  notes: string | null
  expertCount: number
}

/** One field of the dialog; its label and placeholder are `<messages>.fields.<key>` and `.placeholders.<key>`. */
export interface RosterField {
  key: string
  /** A one-line text box, a select of `options`, or a date picker. */
  type: 'text' | 'select' | 'date'
  /** The test id is `<prefix>-form-<testid>`. */
  testid: string
  maxlength?: number
  /** A narrow box (the year). */
  width?: string
  inputmode?: 'numeric'
  /** A select's codes, their labels' i18n group (`enums.<group>.<code>`) and their test ids' prefix. */
  options?: readonly string[]
  optionGroup?: string
  optionTestid?: string
}

/** One column of the list; its title is `<messages>.columns.<key>`. */
export interface RosterColumn<R> {
  key: string
  text: (row: R, t: Translate) => string
  /** `name` carries the row's test id and id; `number` is set in tabular figures; `tag` is a tag of `tagType`. */
  look?: 'name' | 'number' | 'tag'
  testid?: string
  width?: string
  minWidth?: string
  align?: 'right'
  tooltip?: boolean
  tagType?: (row: R) => TagType
}

/** A roster: its commands, its form and its list. */
export interface Roster<R extends RosterRecord = RosterRecord, F extends object = object, I = unknown> {
  /** Test ids start with this (`org`, `batch`). */
  prefix: string
  /** Messages under `organizations.<messages>`. */
  messages: 'org' | 'batch'
  list: () => Promise<R[]>
  create: (input: I) => Promise<R>
  update: (id: string, expectedRevision: number, input: I) => Promise<R>
  remove: (id: string) => Promise<void>
  emptyForm: () => F
  formOf: (row: R) => F
  toInput: (form: F) => I
  rules: (translate: FormProblemTranslator, form: F) => Partial<Record<string, FormItemRule[]>>
  formFields: readonly (keyof F & string)[]
  fields: readonly RosterField[]
  /** A change of the first field re-checks the second (a new start re-checks the end). */
  recheck?: readonly [string, string][]
  columns: readonly RosterColumn<R>[]
  /** Why a row cannot be deleted (something still points at it), or null. */
  inUse: (row: R, t: Translate) => string | null
  nameWidth: string
  notesWidth: string
  /** The actions column's width in pixels (130 unless told). */
  actionsWidth?: number
}

/** A roster typed by its record, form and input, handed to the components as a plain `Roster`. */
function roster<R extends RosterRecord, F extends object, I>(definition: Roster<R, F, I>): Roster {
  return definition as unknown as Roster
}

const KIND_TAGS: Record<Organization['kind'], TagType> = {
  university: 'primary',
  institute: 'success',
  enterprise: 'warning',
  other: 'info',
}

/** 派出单位: name, kind, region, notes; deleted only while no expert belongs to it. */
export const ORGANIZATIONS = roster<
  Organization,
  ReturnType<typeof emptyOrganizationForm>,
  Parameters<typeof createOrganization>[0]
>({
  prefix: 'org',
  messages: 'org',
  list: listOrganizations,
  create: createOrganization,
  update: updateOrganization,
  remove: deleteOrganization,
  emptyForm: emptyOrganizationForm,
  formOf: organizationFormOf,
  toInput: toOrganizationInput,
  rules: (translate) => organizationFormRules(translate),
  formFields: ORGANIZATION_FORM_FIELDS,
  fields: [
    { key: 'name', type: 'text', testid: 'name', maxlength: 100 },
    {
      key: 'kind',
      type: 'select',
      testid: 'kind',
      options: ORGANIZATION_KINDS,
      optionGroup: 'organizationKind',
      optionTestid: 'org-kind-option-',
    },
    { key: 'region', type: 'text', testid: 'region', maxlength: 100 },
    { key: 'notes', type: 'text', testid: 'notes', maxlength: 200 },
  ],
  columns: [
    {
      key: 'kind',
      look: 'tag',
      width: '110',
      testid: 'org-row-kind',
      text: (o, t) => t(`enums.organizationKind.${o.kind}`),
      tagType: (o) => KIND_TAGS[o.kind],
    },
    { key: 'region', minWidth: '140', tooltip: true, text: (o, t) => o.region ?? t('common.empty') },
    {
      key: 'expertCount',
      look: 'number',
      width: '110',
      align: 'right',
      testid: 'org-row-experts',
      text: (o) => String(o.expertCount),
    },
  ],
  inUse: (o, t) => (o.expertCount > 0 ? t('organizations.org.inUse', { n: o.expertCount }, o.expertCount) : null),
  nameWidth: '200',
  notesWidth: '160',
})

/** 批次: name, year, period, notes; deleted only while no expert or assignment points at it. */
export const BATCHES = roster<Batch, ReturnType<typeof emptyBatchForm>, Parameters<typeof createBatch>[0]>({
  prefix: 'batch',
  messages: 'batch',
  list: listBatches,
  create: createBatch,
  update: updateBatch,
  remove: deleteBatch,
  emptyForm: () => emptyBatchForm(),
  formOf: batchFormOf,
  toInput: toBatchInput,
  rules: batchFormRules,
  formFields: BATCH_FORM_FIELDS,
  fields: [
    { key: 'name', type: 'text', testid: 'name', maxlength: 60 },
    { key: 'year', type: 'text', testid: 'year', maxlength: 5, width: '120px', inputmode: 'numeric' },
    { key: 'startDate', type: 'date', testid: 'start' },
    { key: 'endDate', type: 'date', testid: 'end' },
    { key: 'notes', type: 'text', testid: 'notes', maxlength: 200 },
  ],
  recheck: [['startDate', 'endDate']],
  columns: [
    {
      key: 'year',
      look: 'number',
      width: '80',
      text: (b, t) => (b.year === null ? t('common.empty') : String(b.year)),
    },
    {
      key: 'period',
      look: 'number',
      width: '210',
      testid: 'batch-row-period',
      text: (b, t) => formatPeriod(b) || t('common.empty'),
    },
    {
      key: 'expertCount',
      look: 'number',
      width: '110',
      align: 'right',
      testid: 'batch-row-experts',
      text: (b) => String(b.expertCount),
    },
    {
      key: 'assignmentCount',
      look: 'number',
      width: '110',
      align: 'right',
      testid: 'batch-row-assignments',
      text: (b) => String(b.assignmentCount),
    },
  ],
  inUse: (b, t) => {
    if (b.expertCount === 0 && b.assignmentCount === 0) return null
    // "该批次有 3 名专员、2 条派驻记录（含回收站），不能删除".
    const parts = [
      b.expertCount > 0 ? t('organizations.batch.referrers.experts', { n: b.expertCount }, b.expertCount) : '',
      b.assignmentCount > 0
        ? t('organizations.batch.referrers.assignments', { n: b.assignmentCount }, b.assignmentCount)
        : '',
    ].filter((p) => p !== '')
    return t('organizations.batch.inUse', { list: parts.join(t('organizations.batch.separator')) })
  },
  nameWidth: '180',
  actionsWidth: 190,
  notesWidth: '140',
})
