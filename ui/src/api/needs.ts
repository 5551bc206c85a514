/** Commands on technical needs (技术需求): the list and board, stages, merging, and matching experts. */
import type {
  ExpertSuggestion,
  MatchInput,
  Need,
  NeedBoard,
  NeedInput,
  NeedMatch,
  NeedQuery,
  NeedRow,
  Page,
  StageChangeInput,
} from './bindings'
import { call } from './call'

/** Validates and stores a new need at 挖掘 (found on a visit when `visitId` is set); rejects with field errors. */
export function createNeed(input: NeedInput): Promise<Need> {
  return call<Need>('create_need', { input })
}

/** Saves an edited need (never its stage); rejects with "conflict" when `expectedRevision` is stale. */
export function updateNeed(id: string, expectedRevision: number, input: NeedInput): Promise<Need> {
  return call<Need>('update_need', { id, expectedRevision, input })
}

/** One need with its matched experts and stage history. */
export function getNeed(id: string): Promise<Need> {
  return call<Need>('get_need', { id })
}

/** One page of the need list, filtered and sorted by the core. */
export function listNeeds(query: NeedQuery): Promise<Page<NeedRow>> {
  return call<Page<NeedRow>>('list_needs', { query })
}

/** The needs board: a column per stage with its count and its first `perColumn` cards. */
export function needsBoard(query: NeedQuery, perColumn: number): Promise<NeedBoard> {
  return call<NeedBoard>('needs_board', { query, perColumn })
}

/**
 * Moves a need to another stage; an illegal jump rejects with "validation" on field `to`, naming the allowed
 * stages. `input.newMatch` matches an expert in the same step (moving to 对接 needs one).
 */
export function changeNeedStage(id: string, expectedRevision: number, input: StageChangeInput): Promise<Need> {
  return call<Need>('change_need_stage', { id, expectedRevision, input })
}

/** Merges a duplicate need into the survivor; returns the survivor. */
export function mergeNeeds(duplicateId: string, survivorId: string, note: string | null): Promise<Need> {
  return call<Need>('merge_needs', { duplicateId, survivorId, note })
}

/** Experts ranked for a need, each with the reasons and points. */
export function suggestExperts(needId: string, limit: number): Promise<ExpertSuggestion[]> {
  return call<ExpertSuggestion[]>('suggest_experts', { needId, limit })
}

/** Matches an expert to a need (推荐/认领/指派). */
export function matchExpert(needId: string, input: MatchInput): Promise<NeedMatch> {
  return call<NeedMatch>('match_expert', { needId, input })
}

/** Removes one expert's match from a need. */
export function unmatchExpert(matchId: string): Promise<void> {
  return call<void>('unmatch_expert', { matchId })
}
