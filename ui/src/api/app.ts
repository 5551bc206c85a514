/** The running app itself. */
import type { AppInfo } from './bindings'
import { call } from './call'

/** Version, data folder, database path and schema version of the running app. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info')
}
