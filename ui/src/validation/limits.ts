import type { Problem } from './problem'

// The longest text each free-text field accepts, mirroring the core's one table
// (src-tauri/core/src/validate/limits.rs). `FormField` gives its text boxes and text areas these limits (maxlength,
// and a character count under text areas) from the form's messages namespace, so no dialog repeats them.

/** A form whose free text the core limits: its input struct. */
export type LimitedForm =
  | 'expert'
  | 'enterprise'
  | 'contact'
  | 'organization'
  | 'batch'
  | 'assignment'
  | 'visit'
  | 'event'
  | 'need'
  | 'match'
  | 'stageChange'
  | 'serviceRecord'
  | 'followUpClose'

const PERSON_NAME = 50
const TAG = 50
const NAME = 100
const SHORT = 100
const LINE = 200
const NOTES = 2000
const LONG = 5000
const ACCOUNT = 10000

/** At most this many characters, per form and field (camelCase, as the input names it). */
export const TEXT_LIMITS: Readonly<Record<LimitedForm, Readonly<Record<string, number>>>> = {
  expert: { name: PERSON_NAME, position: SHORT, discipline: SHORT, specialties: TAG, notes: NOTES },
  enterprise: {
    name: NAME,
    creditCodeOverride: LINE,
    province: 50,
    city: 50,
    county: 50,
    address: LINE,
    legalRepresentative: PERSON_NAME,
    mainProducts: 1000,
    notes: NOTES,
  },
  contact: { name: PERSON_NAME, position: SHORT },
  organization: { name: NAME, region: SHORT, notes: NOTES },
  batch: { name: NAME, notes: NOTES },
  assignment: { notes: NOTES, targetOther: NOTES },
  visit: { purpose: NOTES, findings: ACCOUNT, nextStep: LONG, notes: NOTES },
  event: { title: LINE, place: LINE, content: LONG, notes: NOTES },
  need: {
    title: LINE,
    originalText: LONG,
    refinedProblem: LONG,
    refinedKeyTech: LONG,
    refinedTarget: LONG,
    discipline: TAG,
  },
  match: { notes: NOTES },
  stageChange: { note: NOTES },
  serviceRecord: { content: NOTES, outcomeSummary: NOTES, evaluator: PERSON_NAME, evaluationOpinion: NOTES },
  followUpClose: { note: LINE },
}

/** The form each form dialog's messages namespace edits (the `messages` of its form context). */
export const FORM_OF_MESSAGES: Readonly<Record<string, LimitedForm>> = {
  expertForm: 'expert',
  enterpriseForm: 'enterprise',
  'organizations.org': 'organization',
  'organizations.batch': 'batch',
  assignments: 'assignment',
  'visitsPage.form': 'visit',
  'needsPage.form': 'need',
  'needsPage.stage': 'stageChange',
  'servicesPage.form': 'serviceRecord',
  'eventsPage.form': 'event',
  'dashboardPage.close': 'followUpClose',
}

/** The limit of `field` in the form a dialog with messages `messages` edits, if the core limits it. */
export function textLimit(messages: string, field: string): number | undefined {
  const form = FORM_OF_MESSAGES[messages]
  return form ? TEXT_LIMITS[form][field] : undefined
}

/** Text longer than `max` characters (counted as the core counts them: trimmed, by code point). */
export function checkLength(value: string | null | undefined, max: number): Problem | null {
  const n = Array.from((value ?? '').trim()).length
  return n > max ? { key: 'textTooLong', params: { max, n } } : null
}
