/**
 * What the export, import and backup flows need from the desktop shell besides commands: the native save, open and
 * folder dialogs and the progress events of a running export or import. Views reach them only through `@/api`
 * (which re-exports this module), never through `@tauri-apps/*` directly; every failure becomes an ApiError. ("Show in
 * folder" is the `reveal_export` command: the window has no opener permission of its own.)
 */
import { listen } from '@tauri-apps/api/event'
import { open, save } from '@tauri-apps/plugin-dialog'
import type { ExportProgress, ImportProgress } from './bindings'
import { toApiError } from './error'

/** The event a running export emits after each batch of rows. */
export const EXPORT_PROGRESS_EVENT = 'export-progress'

/** The event a running merge of exchange packages emits as it judges rows (src-tauri/src/exchange.rs). */
export const EXCHANGE_PROGRESS_EVENT = 'exchange-progress'

/** The event a running import emits as it writes rows. */
export const IMPORT_PROGRESS_EVENT = 'import-progress'

/**
 * One entry of a save or open dialog's "file type" list, e.g. `{ name: 'Excel 工作簿', extensions: ['xlsx'] }`.
 */
export interface SaveFileFilter {
  name: string
  extensions: string[]
}

/**
 * Asks where to save a file with the system's save dialog titled `title`; `defaultPath` is a file name or a full
 * path. Resolves to the chosen path, or null when the user closed the dialog without choosing.
 */
export async function chooseSavePath(
  defaultPath: string,
  filters: SaveFileFilter[],
  title?: string,
): Promise<string | null> {
  try {
    return await save({ defaultPath, filters, title })
  } catch (raw) {
    throw toApiError(raw)
  }
}

/**
 * Asks for one existing file with the system's open dialog titled `title`, offering the `filters`. Resolves to the
 * chosen path, or null when the user closed the dialog without choosing.
 */
export async function chooseOpenPath(filters: SaveFileFilter[], title?: string): Promise<string | null> {
  try {
    return await open({ multiple: false, directory: false, filters, title })
  } catch (raw) {
    throw toApiError(raw)
  }
}

/**
 * Asks for one or more existing files with the system's open dialog titled `title`, offering the `filters`. Resolves
 * to the chosen paths (empty when the user closed the dialog without choosing).
 */
export async function chooseOpenPaths(filters: SaveFileFilter[], title?: string): Promise<string[]> {
  try {
    const chosen = await open({ multiple: true, directory: false, filters, title })
    return chosen ?? []
  } catch (raw) {
    throw toApiError(raw)
  }
}

/**
 * Asks for one folder (a USB stick, an encrypted drive …) with the system's folder dialog titled `title`. Resolves to
 * the chosen folder, or null when the user closed the dialog without choosing.
 */
export async function chooseFolder(title: string): Promise<string | null> {
  try {
    return await open({ multiple: false, directory: true, title })
  } catch (raw) {
    throw toApiError(raw)
  }
}

/**
 * Calls `handler` with the progress of every running export (filter on `jobId`); resolves, once listening, to the
 * function that stops listening.
 */
export async function onExportProgress(handler: (progress: ExportProgress) => void): Promise<() => void> {
  try {
    return await listen<ExportProgress>(EXPORT_PROGRESS_EVENT, (event) => handler(event.payload))
  } catch (raw) {
    throw toApiError(raw)
  }
}

/**
 * Calls `handler` with the progress of every running import (filter on `id`, the preview's); resolves, once
 * listening, to the function that stops listening.
 */
export async function onImportProgress(handler: (progress: ImportProgress) => void): Promise<() => void> {
  try {
    return await listen<ImportProgress>(IMPORT_PROGRESS_EVENT, (event) => handler(event.payload))
  } catch (raw) {
    throw toApiError(raw)
  }
}

/**
 * Calls `handler` with the progress of every running merge of exchange packages (filter on `jobId`); resolves, once
 * listening, to the function that stops listening.
 */
export async function onMergeProgress(handler: (progress: ExportProgress) => void): Promise<() => void> {
  try {
    return await listen<ExportProgress>(EXCHANGE_PROGRESS_EVENT, (event) => handler(event.payload))
  } catch (raw) {
    throw toApiError(raw)
  }
}

/** The event the shell emits when it locked the app after the idle time (src-tauri/src/lock.rs). */
export const APP_LOCKED_EVENT = 'app-locked'

/** Calls `handler` when the shell locked the app; resolves, once listening, to the function that stops listening. */
export async function onAppLocked(handler: () => void): Promise<() => void> {
  try {
    return await listen(APP_LOCKED_EVENT, () => handler())
  } catch (raw) {
    throw toApiError(raw)
  }
}
