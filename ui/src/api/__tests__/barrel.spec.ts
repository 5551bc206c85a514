import { describe, expect, it } from 'vitest'
import * as api from '@/api'

// The command modules of src/api, error.ts and native.ts: everything but the barrel itself, the command caller (private
// to the api modules) and the list queries' defaults (imported as `@/api/queries`).
const modules = import.meta.glob<Record<string, unknown>>(
  ['../*.ts', '!../index.ts', '!../call.ts', '!../queries.ts'],
  {
    eager: true,
  },
)

describe('the @/api barrel', () => {
  it('re-exports every function and constant of every api module', () => {
    const missing = Object.entries(modules).flatMap(([path, module]) =>
      Object.keys(module)
        .filter((name) => !(name in api))
        .map((name) => `${path}: ${name}`),
    )
    expect(Object.keys(modules).length).toBeGreaterThan(10)
    expect(missing).toEqual([])
  })

  it('does not hand out the raw command caller', () => {
    expect('call' in api).toBe(false)
  })
})
