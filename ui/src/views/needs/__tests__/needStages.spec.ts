import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { NeedStage, NeedStageEvent } from '@/api'
import {
  allowedNext,
  BOARD_STAGES,
  moveKind,
  NEED_STAGES,
  needsExpert,
  needsRefinedProblem,
  shelvedFromOf,
  TRANSITIONS,
} from '../needStages'

/** The core's stage machine, the file the TS table mirrors (vitest runs in ui/). */
const CORE_FILE = resolve(process.cwd(), '../src-tauri/core/src/fieldwork/needs/stages.rs')

const RUST_NAMES: Record<string, NeedStage> = {
  Discovered: 'discovered',
  Refined: 'refined',
  Matched: 'matched',
  Solving: 'solving',
  Solved: 'solved',
  Shelved: 'shelved',
  Merged: 'merged',
}

/** `TRANSITIONS` of need_stages.rs as `from>to:kind` strings. */
function coreTable(): string[] {
  const source = readFileSync(CORE_FILE, 'utf8')
  const body = /pub const TRANSITIONS[^=]*=\s*&\[([\s\S]*?)\];/.exec(source)?.[1]
  if (!body) throw new Error('TRANSITIONS not found in need_stages.rs')
  const entries = [...body.matchAll(/\((\w+),\s*(\w+),\s*Move::(\w+)\)/g)].map(
    ([, from, to, kind]) => `${RUST_NAMES[from!]}>${RUST_NAMES[to!]}:${kind!.toLowerCase()}`,
  )
  return entries
}

/** The rules as the product states them (issue 4, PRODUCT.md), independent of either table. */
function expectedLegal(from: NeedStage, to: NeedStage, shelvedFrom: NeedStage | null): boolean {
  const flow: NeedStage[] = ['discovered', 'refined', 'matched', 'solving', 'solved']
  const open: NeedStage[] = ['discovered', 'refined', 'matched', 'solving']
  const i = flow.indexOf(from)
  const j = flow.indexOf(to)
  if (i >= 0 && j === i + 1) return true // one step forward
  if (open.includes(from) && from !== 'discovered' && j === i - 1 && open.includes(to)) return true // one step back
  if (open.includes(from) && to === 'shelved') return true
  if (from === 'shelved') return to === 'discovered' || (to === shelvedFrom && open.includes(to))
  if (from === 'solved') return to === 'solving'
  return false
}

function event(from: NeedStage | null, to: NeedStage): NeedStageEvent {
  return {
    id: `${from}-${to}`,
    fromStage: from,
    toStage: to,
    changedOn: '2026-01-01',
    note: null,
    createdAt: '2026-01-01T00:00:00Z',
  }
}

describe('needStages', () => {
  it('has exactly the transition table of the core (need_stages.rs)', () => {
    const core = coreTable()
    expect(core).toHaveLength(16)
    expect(TRANSITIONS.map(([f, t, k]) => `${f}>${t}:${k}`)).toEqual(core)
  })

  it('allows and refuses every one of the 49 pairs of stages as the rules say', () => {
    let tried = 0
    for (const from of NEED_STAGES) {
      const shelvedFrom = from === 'shelved' ? 'matched' : null
      for (const to of NEED_STAGES) {
        expect(allowedNext(from, shelvedFrom).includes(to), `${from} → ${to}`).toBe(
          expectedLegal(from, to, shelvedFrom),
        )
        tried++
      }
    }
    expect(tried).toBe(49)
  })

  it('names legal and illegal moves the way the coordinator meets them', () => {
    expect(allowedNext('discovered', null)).toEqual(['refined', 'shelved'])
    expect(allowedNext('refined', null)).toEqual(['discovered', 'matched', 'shelved'])
    expect(allowedNext('matched', null)).toEqual(['refined', 'solving', 'shelved'])
    expect(allowedNext('solving', null)).toEqual(['matched', 'solved', 'shelved'])
    expect(allowedNext('solved', null)).toEqual(['solving'])
    expect(allowedNext('merged', null)).toEqual([])
    expect(moveKind('discovered', 'matched')).toBeNull() // no skipping 凝练
    expect(moveKind('discovered', 'solved')).toBeNull()
    expect(moveKind('solved', 'shelved')).toBeNull()
    expect(moveKind('solved', 'solving')).toBe('reopen')
    expect(NEED_STAGES.some((from) => moveKind(from, 'merged') !== null)).toBe(false)
  })

  it('resumes a shelved need at 挖掘 or where it was shelved from, and offers every resumption when the history is unknown', () => {
    expect(allowedNext('shelved', 'solving')).toEqual(['discovered', 'solving'])
    expect(allowedNext('shelved', 'discovered')).toEqual(['discovered'])
    expect(allowedNext('shelved', undefined)).toEqual(['discovered', 'refined', 'matched', 'solving'])
    const events = [
      event(null, 'discovered'),
      event('discovered', 'refined'),
      event('refined', 'shelved'),
      event('shelved', 'refined'),
      event('refined', 'matched'),
      event('matched', 'shelved'),
    ]
    expect(shelvedFromOf(events)).toBe('matched')
    expect(shelvedFromOf([event(null, 'discovered')])).toBeNull()
  })

  it('knows which stages need the refined problem and an expert, and the board columns', () => {
    expect(NEED_STAGES.filter(needsRefinedProblem)).toEqual(['refined', 'matched', 'solving', 'solved'])
    expect(NEED_STAGES.filter(needsExpert)).toEqual(['matched', 'solving', 'solved'])
    expect(BOARD_STAGES).toEqual(['discovered', 'refined', 'matched', 'solving', 'solved', 'shelved'])
  })
})
