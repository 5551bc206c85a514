// The logic of 汇总交换 outside its components: the package's file name, the remembered scope, the preview's rows per
// kind, the files chosen, and 待处理冲突 grouped by record.
import type { ErrorPayload, MergeCounts, MergeReport, OpenConflict, PackageOutcome } from '@/api'
import { useI18n } from 'vue-i18n'
import { readStored, writeStored } from '@/components/exportSupport'

/** The record tables a package carries, in the package's order (docs/EXCHANGE.md), then `tombstones`. */
export const PACKAGE_KINDS = [
  'organizations',
  'batches',
  'experts',
  'enterprises',
  'enterprise_contacts',
  'assignments',
  'visits',
  'visit_experts',
  'needs',
  'need_stage_events',
  'need_matches',
  'service_records',
  'attachments',
  'tombstones',
] as const

/** The counts a preview shows per kind, in this order. */
export const COUNT_KEYS = [
  'new',
  'updated',
  'unchanged',
  'matched',
  'conflicts',
] as const satisfies readonly (keyof MergeCounts)[]

/** Where the export page remembers the scope chosen last (full, or changes since the last package). */
export const SCOPE_STORAGE_KEY = 'st-ledger.exchange.scope'

export type ExportScope = 'full' | 'changes'

/** The scope chosen last time; `changes` when nothing readable is stored. */
export function readScope(): ExportScope {
  return readStored(SCOPE_STORAGE_KEY) === 'full' ? 'full' : 'changes'
}

/** Remembers the scope for the next export. */
export function writeScope(scope: ExportScope): void {
  writeStored(SCOPE_STORAGE_KEY, scope)
}

/**
 * The file name offered for a package: `交换包_<来源>_<yyyymmdd>.stlx`, the origin's characters that no file system
 * accepts replaced; `交换包_<yyyymmdd>.stlx` without a name.
 */
export function packageFileName(origin: string, today: Date): string {
  const day = `${today.getFullYear()}${String(today.getMonth() + 1).padStart(2, '0')}${String(today.getDate()).padStart(2, '0')}`
  const name = origin.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '')
  return name ? `交换包_${name}_${day}.stlx` : `交换包_${day}.stlx`
}

/** The chosen path with `.stlx` (a save dialog may hand back a name typed without it). */
export function withPackageExtension(path: string): string {
  return path.toLowerCase().endsWith('.stlx') ? path : `${path}.stlx`
}

/** The last part of a path, either separator. */
export function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
}

/** `current` with the `chosen` paths not in it yet appended (a file chosen twice is listed once). */
export function addPaths(current: readonly string[], chosen: readonly string[]): string[] {
  const out = [...current]
  for (const path of chosen) if (!out.includes(path)) out.push(path)
  return out
}

/** The rows per kind a package record shows (kinds with rows only), in the package's order. */
export function countsByKind(counts: Record<string, number>): { kind: string; count: number }[] {
  const kinds = [
    ...PACKAGE_KINDS,
    ...Object.keys(counts).filter((k) => !(PACKAGE_KINDS as readonly string[]).includes(k)),
  ]
  return kinds.map((kind) => ({ kind, count: counts[kind] ?? 0 })).filter((row) => row.count > 0)
}

/** One row of a package's preview table: a kind (or the total, `kind: null`) and its counts. */
export interface PreviewRow extends MergeCounts {
  kind: string | null
}

/** The preview table of a report: one row per kind with records, then the total. */
export function previewRows(report: MergeReport): PreviewRow[] {
  return [...report.kinds.map((k) => ({ ...k })), { ...report.totals, kind: null }]
}

/** Whether a package's error means a password is wanted (none given, or a wrong one). */
export function needsPassword(error: ErrorPayload | null): boolean {
  return error?.code === 'locked' || error?.code === 'wrong_password'
}

/** The packages ready to merge: those whose preview came back, in the order shown. */
export function mergeablePaths(paths: readonly string[], outcomes: ReadonlyMap<string, PackageOutcome>): string[] {
  return paths.filter((p) => outcomes.get(p)?.report != null)
}

/** The conflicts of one record, as 待处理冲突 groups them. */
export interface ConflictGroup {
  key: string
  kind: string
  entityId: string
  recordName: string | null
  originName: string
  conflicts: OpenConflict[]
}

/** The conflicts grouped by record, in the order their first conflict comes (the core's: oldest first). */
export function groupConflicts(conflicts: readonly OpenConflict[]): ConflictGroup[] {
  const groups = new Map<string, ConflictGroup>()
  for (const c of conflicts) {
    const key = `${c.kind}:${c.entityId}`
    let group = groups.get(key)
    if (!group) {
      group = {
        key,
        kind: c.kind,
        entityId: c.entityId,
        recordName: c.recordName,
        originName: c.origin.name,
        conflicts: [],
      }
      groups.set(key, group)
    }
    group.conflicts.push(c)
  }
  return [...groups.values()]
}

/** A message function as vue-i18n's `t` is called here. */
type Translate = (key: string, values: Record<string, unknown>) => string

/** The 来源 as shown: the origin's 填报单位, or a note that it has none with the end of its id to tell them apart. */
export function originLabel(origin: { id: string; name: string }, t: Translate): string {
  return origin.name || t('exchangePage.unnamedOrigin', { id: origin.id.slice(-8) })
}

/** The rows of the conflict table in group order, each with the size of its group when it opens one (else 0). */
export function conflictRows(
  groups: readonly ConflictGroup[],
): { conflict: OpenConflict; group: ConflictGroup; span: number }[] {
  return groups.flatMap((group) =>
    group.conflicts.map((conflict, i) => ({ conflict, group, span: i === 0 ? group.conflicts.length : 0 })),
  )
}

/** The label of a package table (`experts` → 科技专员); the table's own name for one this version does not know. */
export function useKindLabel(): (kind: string | null | undefined) => string {
  const { t, te } = useI18n()
  return (kind) => {
    if (!kind) return ''
    const key = `exchangePage.kinds.${kind}`
    return te(key) ? t(key) : kind
  }
}
