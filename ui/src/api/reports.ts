/** The 工作台, statistics, report settings and exports (统计导出). */
import type {
  Dashboard,
  ExportColumn,
  ExportKind,
  ExportReport,
  ExportRequest,
  FormsRequest,
  OriginSummary,
  ReportFilter,
  ReportSettings,
  Statistics,
} from './bindings'
import { call } from './call'

/** The 工作台 as of today: follow-ups, stale needs, idle experts, this month against last. */
export function dashboard(): Promise<Dashboard> {
  return call<Dashboard>('dashboard')
}

/** 统计: everything the statistics engine computes for a period and scope (the 统计导出 page and the summary workbook). */
export function statistics(filter: ReportFilter): Promise<Statistics> {
  return call<Statistics>('statistics', { filter })
}

/** 填报单位 and 填报人, printed on every exported sheet. */
export function reportSettings(): Promise<ReportSettings> {
  return call<ReportSettings>('report_settings')
}

/** Saves 填报单位 and 填报人; rejects with "validation" and field errors. Returns what was stored (normalised). */
/** The ledger's origins (来源): itself first, then every ledger whose exchange packages were merged here. */
export function listOrigins(): Promise<OriginSummary[]> {
  return call<OriginSummary[]>('list_origins')
}

export function saveReportSettings(settings: ReportSettings): Promise<ReportSettings> {
  return call<ReportSettings>('save_report_settings', { settings })
}

/** 操作人, the name audit entries record ('' when none is set: the OS user). */
export function operatorName(): Promise<string> {
  return call<string>('operator_name')
}

/** Saves 操作人 (blank: the OS user again); returns it as stored (normalised). Rejects with "validation" on field
 * `operator`. */
export function saveOperatorName(name: string): Promise<string> {
  return call<string>('save_operator_name', { name })
}

/** The columns a ledger can export, in their default order (none for the summary). */
export function exportColumns(kind: ExportKind): Promise<ExportColumn[]> {
  return call<ExportColumn[]>('export_columns', { kind })
}

/**
 * Writes a workbook (or CSV) to `path`. While it runs the shell emits `export-progress` events carrying `jobId`
 * (see {@link onExportProgress}); {@link cancelExport} with the same id stops it, and it then rejects with code
 * "cancelled" leaving no file behind.
 */
export function exportFile(request: ExportRequest, path: string, jobId: string): Promise<ExportReport> {
  return call<ExportReport>('export_file', { request, path, jobId })
}

/**
 * Writes the 服务确认单 of service records or the 走访记录表 of visits (one sheet each, one A4 page each) to `path`,
 * as an export run `jobId`.
 */
export function exportForms(request: FormsRequest, path: string, jobId: string): Promise<ExportReport> {
  return call<ExportReport>('export_forms', { request, path, jobId })
}

/** Asks the running export `jobId` to stop. */
export function cancelExport(jobId: string): Promise<void> {
  return call<void>('cancel_export', { jobId })
}

/** Shows a file exported this session (the `path` given to {@link exportFile}) in the system's file manager. */
export function revealExport(path: string): Promise<void> {
  return call<void>('reveal_export', { path })
}
