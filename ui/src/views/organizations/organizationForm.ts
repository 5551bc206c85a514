import type { FormItemRule } from 'element-plus'
import type { Organization, OrganizationInput, OrganizationKind } from '@/api'
import { cleanText } from '@/validation/normalize'
import { blankToNull, problemRule, type FormProblem, type FormProblemTranslator } from './formSupport'

// The 派出单位 form, mirroring the core's rules (src-tauri/core/src/registry/organizations.rs, validate_org): the name is
// required (and unique, which only the core can tell), the kind is required, region and notes are optional.

/** 派出单位类型, in display order; labels under `enums.organizationKind`. */
export const ORGANIZATION_KINDS: readonly OrganizationKind[] = ['university', 'institute', 'enterprise', 'other']

/** What the form edits: text as strings (blank when empty), the kind as a code or null. */
export interface OrganizationFormModel {
  name: string
  kind: OrganizationKind | null
  region: string
  notes: string
}

/** The fields of the form, keyed as the core names them in field errors. */
export type OrganizationFormField = keyof OrganizationFormModel

/** The fields in the order they are laid out. */
export const ORGANIZATION_FORM_FIELDS: readonly OrganizationFormField[] = ['name', 'kind', 'region', 'notes']

/** A blank form. */
export function emptyOrganizationForm(): OrganizationFormModel {
  return { name: '', kind: null, region: '', notes: '' }
}

/** The form filled with a stored organisation (for editing). */
export function organizationFormOf(o: Organization): OrganizationFormModel {
  return { name: o.name, kind: o.kind, region: o.region ?? '', notes: o.notes ?? '' }
}

/** The command input for a filled form: text cleaned as the core cleans it, blank optional text as null. */
export function toOrganizationInput(m: OrganizationFormModel): OrganizationInput {
  return { name: cleanText(m.name), kind: m.kind, region: blankToNull(m.region), notes: blankToNull(m.notes) }
}

/** 单位名称: required. */
export function checkOrganizationName(raw: string | null | undefined): FormProblem | null {
  return cleanText(raw ?? '') === '' ? { key: 'orgNameRequired' } : null
}

/** 单位类型: required, one of {@link ORGANIZATION_KINDS}. */
export function checkOrganizationKind(value: OrganizationKind | null | undefined): FormProblem | null {
  return value && ORGANIZATION_KINDS.includes(value) ? null : { key: 'kindRequired' }
}

/** Element Plus rules of the form, built on the same checks the core applies. */
export function organizationFormRules(
  translate: FormProblemTranslator,
): Partial<Record<OrganizationFormField, FormItemRule[]>> {
  return {
    name: [problemRule(checkOrganizationName, translate, 'blur', true)],
    kind: [problemRule(checkOrganizationKind, translate, 'change', true)],
  }
}
