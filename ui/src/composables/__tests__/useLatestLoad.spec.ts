import { describe, expect, it } from 'vitest'
import { useLatestLoad } from '../useLatestLoad'

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useLatestLoad', () => {
  it('applies only the latest answer, even when an older one arrives last', async () => {
    const { run, loading } = useLatestLoad()
    const applied: string[] = []
    const slow = deferred<string>()
    const first = run(
      () => slow.promise,
      (v) => applied.push(v),
    )
    await run(
      async () => 'new',
      (v) => applied.push(v),
    )
    expect(loading.value).toBe(false)
    slow.resolve('old')
    await first
    expect(applied).toEqual(['new'])
  })

  it('keeps the error of a failed load as an ApiError until a load succeeds', async () => {
    const { run, error } = useLatestLoad()
    await run(
      () => Promise.reject({ code: 'in_use', message: '占用', messageEn: 'in use', fields: [] }),
      () => {},
    )
    expect(error.value?.code).toBe('in_use')
    await run(
      async () => 1,
      () => {},
    )
    expect(error.value).toBeNull()
  })

  it('drops the error of a superseded call', async () => {
    const { run, error } = useLatestLoad()
    const slow = deferred<number>()
    const first = run(
      () => slow.promise,
      () => {},
    )
    await run(
      async () => 2,
      () => {},
    )
    slow.reject('late failure')
    await first
    expect(error.value).toBeNull()
  })
})
