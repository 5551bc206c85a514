/**
 * Commands of 汇总交换: the ledger's identity, exporting an exchange package, previewing and merging packages, the
 * history of merges with undo, and 待处理冲突.
 */
import type {
  ConflictResolution,
  ErrorPayload,
  ExportPackageReport,
  LedgerIdentity,
  MergeConflict,
  MergeRecord,
  MergeReport,
  PackageExport,
} from './bindings'
import { call } from './call'

/** A package chosen to merge, with the password given for it (src-tauri/src/exchange.rs `PackageSource`). */
export interface PackageSource {
  path: string
  password?: string | null
}

/**
 * What became of one package (src-tauri/src/exchange.rs `PackageOutcome`): its preview or merge report, or why it
 * could not be read or merged (`not_a_package`, `damaged_package`, `newer_package`, `own_package`, `locked`: a
 * password is needed, `wrong_password`, `cancelled` …). Neither: a merge stopped before it.
 */
export interface PackageOutcome {
  path: string
  report: MergeReport | null
  error: ErrorPayload | null
}

/** A conflict of 待处理冲突 with its record's name (src-tauri/src/exchange.rs `OpenConflict`). */
export interface OpenConflict extends MergeConflict {
  /** The record's name; null for kinds without one of their own, or a record gone since. */
  recordName: string | null
}

/** The ledger's identity: its id and the 填报单位 its packages carry as 来源 (empty until 设置 has one). */
export function exchangeIdentity(): Promise<LedgerIdentity> {
  return call<LedgerIdentity>('exchange_identity')
}

/** The packages this ledger wrote, newest first: the last one sent, and the one "changes since" follows. */
export function packageExports(): Promise<PackageExport[]> {
  return call<PackageExport[]>('package_exports')
}

/**
 * Writes an exchange package to `path` (.stlx): every record when `full` (the first package always is), else the
 * changes since the last package. An encrypted ledger's package needs `password` (a validation error on
 * `packagePassword` otherwise). Runs as an export: `export-progress` events for `jobId`, `cancelExport(jobId)` stops
 * it (rejects with "cancelled", no file), `revealExport(path)` shows it.
 */
export function exportPackage(
  path: string,
  full: boolean,
  password: string | null,
  jobId: string,
): Promise<ExportPackageReport> {
  return call<ExportPackageReport>('export_package', { path, full, password, jobId })
}

/** Opens, checks and previews each package against the ledger as it is now; one outcome per package, in order. */
export function previewPackages(packages: PackageSource[]): Promise<PackageOutcome[]> {
  return call<PackageOutcome[]>('preview_packages', { packages })
}

/**
 * Merges previewed packages in order, each all or nothing, emitting `exchange-progress` events for `jobId` (see
 * {@link onMergeProgress}); the first failure or 取消 ({@link cancelMerge}) stops: the packages before it stay merged,
 * those after it are not tried (no report, no error). Rejects only when a package was not previewed.
 */
export function mergePackages(paths: string[], jobId: string): Promise<PackageOutcome[]> {
  return call<PackageOutcome[]>('merge_packages', { paths, jobId })
}

/** Asks the running merge `jobId` to stop; the package being merged is not written. */
export function cancelMerge(jobId: string): Promise<void> {
  return call<void>('cancel_merge', { jobId })
}

/** The merges, newest first. */
export function listMerges(): Promise<MergeRecord[]> {
  return call<MergeRecord[]>('list_merges')
}

/** Takes a merge back as a whole; rejects when what it wrote was changed since, or it was undone already. */
export function undoMerge(id: string): Promise<MergeRecord> {
  return call<MergeRecord>('undo_merge', { id })
}

/** 待处理冲突, oldest first. */
export function listConflicts(): Promise<OpenConflict[]> {
  return call<OpenConflict[]>('list_conflicts')
}

/** Decides conflicts in turn (keep_local: 保留本地, take_incoming: 采用来件); the first refusal stops. */
export function resolveConflicts(ids: string[], resolution: ConflictResolution): Promise<MergeConflict[]> {
  return call<MergeConflict[]>('resolve_conflicts', { ids, resolution })
}
