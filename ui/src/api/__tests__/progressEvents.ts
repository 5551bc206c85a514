import { listen } from '@tauri-apps/api/event'
import { expect, vi } from 'vitest'

/**
 * Checks a progress subscription (`onImportProgress`, `onExportProgress`) against the mocked `listen` of
 * `@tauri-apps/api/event` (the spec mocks it): it listens to `event`, hands each payload on as it arrives, and the
 * function it returns stops listening.
 */
export async function expectProgressForwarded<P>(
  subscribe: (onProgress: (progress: P) => void) => Promise<() => void>,
  event: string,
  payload: P,
): Promise<void> {
  const stop = vi.fn()
  let deliver: ((event: { payload: unknown }) => void) | undefined
  vi.mocked(listen).mockImplementationOnce(async (_event, handler) => {
    deliver = handler as typeof deliver
    return stop
  })
  const seen: P[] = []
  const unlisten = await subscribe((p) => seen.push(p))
  expect(listen).toHaveBeenCalledWith(event, expect.any(Function))
  deliver!({ payload })
  expect(seen).toEqual([payload])
  unlisten()
  expect(stop).toHaveBeenCalled()
}
