/** The one place that calls `invoke`: every command of the api modules goes through {@link call}. */
import { invoke, type InvokeArgs, type InvokeOptions } from '@tauri-apps/api/core'
import type { Command } from './bindings'
import { toApiError } from './error'

/** Invokes the Tauri command `command`; every failure is rethrown as an {@link ApiError} (see ./error). */
export async function call<T>(command: Command, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return await (options ? invoke<T>(command, args, options) : invoke<T>(command, args))
  } catch (raw) {
    throw toApiError(raw)
  }
}
