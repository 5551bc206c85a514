import type { NeedStage, NeedStageEvent } from '@/api'

// The stage machine of needs as the UI needs it: which moves to offer. It mirrors the one table of the core
// (src-tauri/core/src/fieldwork/needs/stages.rs, `TRANSITIONS`); __tests__/needStages.spec.ts reads that file and fails when the
// two differ. The core stays the authority: whatever the UI offers, it checks the move again and refuses an illegal
// one with a message on field `to`.

/** What kind of move a legal stage change is (the core's `Move`). */
export type MoveKind = 'forward' | 'back' | 'shelve' | 'resume' | 'reopen'

/** Every stage, in the core's `NeedStage::ALL` order. */
export const NEED_STAGES: readonly NeedStage[] = [
  'discovered',
  'refined',
  'matched',
  'solving',
  'solved',
  'shelved',
  'merged',
]

/** The columns of the board, in order (merged needs are not on it). */
export const BOARD_STAGES: readonly NeedStage[] = ['discovered', 'refined', 'matched', 'solving', 'solved', 'shelved']

/** The stages still being worked on. */
export const OPEN_STAGES: readonly NeedStage[] = ['discovered', 'refined', 'matched', 'solving']

/**
 * Every legal stage change `[from, to, kind]`, as in the core: one step forward on 挖掘 → 凝练 → 对接 → 解决中 →
 * 已解决; one step back for a correction; any open stage → 搁置; 搁置 → 挖掘 or the stage it was shelved from;
 * 已解决 → 解决中 with a note. 已合并 is reached only by merging.
 */
export const TRANSITIONS: readonly (readonly [NeedStage, NeedStage, MoveKind])[] = [
  ['discovered', 'refined', 'forward'],
  ['refined', 'matched', 'forward'],
  ['matched', 'solving', 'forward'],
  ['solving', 'solved', 'forward'],
  ['refined', 'discovered', 'back'],
  ['matched', 'refined', 'back'],
  ['solving', 'matched', 'back'],
  ['discovered', 'shelved', 'shelve'],
  ['refined', 'shelved', 'shelve'],
  ['matched', 'shelved', 'shelve'],
  ['solving', 'shelved', 'shelve'],
  ['shelved', 'discovered', 'resume'],
  ['shelved', 'refined', 'resume'],
  ['shelved', 'matched', 'resume'],
  ['shelved', 'solving', 'resume'],
  ['solved', 'solving', 'reopen'],
]

/** The kind of the move `from → to`, or null when the table does not list it. */
export function moveKind(from: NeedStage, to: NeedStage): MoveKind | null {
  return TRANSITIONS.find(([f, t]) => f === from && t === to)?.[2] ?? null
}

/**
 * The stages a need in `from` may move to now, in {@link NEED_STAGES} order. For 搁置, `shelvedFrom` (the stage it
 * was shelved from, see {@link shelvedFromOf}) narrows the resumptions to 挖掘 and that stage — the core's
 * `allowed_next`. Pass `undefined` when the history is not at hand (a board card): every resumption the table
 * lists is offered then, and the core refuses the one that does not fit.
 */
export function allowedNext(from: NeedStage, shelvedFrom: NeedStage | null | undefined): NeedStage[] {
  return NEED_STAGES.filter((to) => {
    const kind = moveKind(from, to)
    if (kind === 'resume' && shelvedFrom !== undefined) return to === 'discovered' || to === shelvedFrom
    return kind !== null
  })
}

/** The stage a shelved need was shelved from: the `fromStage` of its latest event into 搁置 (null when none). */
export function shelvedFromOf(events: readonly NeedStageEvent[]): NeedStage | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!
    if (e.toStage === 'shelved') return e.fromStage
  }
  return null
}

/** Whether a need in `stage` must have a refined problem (凝练 and later). */
export function needsRefinedProblem(stage: NeedStage): boolean {
  return stage === 'refined' || stage === 'matched' || stage === 'solving' || stage === 'solved'
}

/** Whether a need in `stage` must have at least one matched expert (对接 and later). */
export function needsExpert(stage: NeedStage): boolean {
  return stage === 'matched' || stage === 'solving' || stage === 'solved'
}

/** Whether `stage` is still being worked on (it can be stale, it counts towards an expert's load). */
export function isOpenStage(stage: NeedStage): boolean {
  return OPEN_STAGES.includes(stage)
}

/** Tag colour of a stage: solved reads as done, shelved and merged as set aside, the rest as in progress. */
export function stageTagType(stage: NeedStage): 'success' | 'info' | 'primary' | 'warning' {
  if (stage === 'solved') return 'success'
  if (stage === 'shelved' || stage === 'merged') return 'info'
  if (stage === 'solving') return 'warning'
  return 'primary'
}
