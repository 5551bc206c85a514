/**
 * The typed bridge to the Rust side, one module per domain behind this barrel: views import functions and types only
 * from `@/api`. Every command goes through `call()` (./call), the only caller of `invoke`, which rethrows each failure
 * as an {@link ApiError}. The types are generated from Rust (ts-rs) into ./bindings, whose index re-exports them all.
 */
export type * from './bindings'
export { ApiError, INTERNAL_ERROR_CODE, localizedFieldMessage, toApiError } from './error'
export {
  APP_LOCKED_EVENT,
  chooseFolder,
  chooseOpenPath,
  chooseSavePath,
  chooseOpenPaths,
  EXCHANGE_PROGRESS_EVENT,
  EXPORT_PROGRESS_EVENT,
  IMPORT_PROGRESS_EVENT,
  onAppLocked,
  onExportProgress,
  onMergeProgress,
  onImportProgress,
} from './native'
export type { SaveFileFilter } from './native'

export * from './app'
export * from './assessment'
export * from './assignments'
export * from './attachments'
export * from './backups'
export * from './enterprises'
export * from './events'
export * from './exchange'
export * from './experts'
export * from './imports'
export * from './needs'
export * from './organizations'
export * from './records'
export * from './reports'
export * from './reviews'
export * from './security'
export * from './services'
export * from './visits'
