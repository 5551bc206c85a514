import { computed, shallowRef } from 'vue'
import { reviewSettings, saveReviewSettings, type ReviewSettings } from '@/api'

/**
 * 设置 → 审核, loaded once for every place that reads it: 录入的记录需要审核 (the 设置 section) and the remembered
 * 只统计已审核 (the 统计导出 page and the export dialog share it, so the statistics and the exports count the same rows).
 * A change is saved in the ledger (it survives a restart); a failed save puts the old value back and rejects.
 */
const settings = shallowRef<ReviewSettings>({ reviewEntered: false, reviewedOnly: false })
let loading: Promise<void> | null = null

function load(): Promise<void> {
  loading ??= reviewSettings().then(
    (value) => {
      if (value && typeof value === 'object') settings.value = value
    },
    () => {
      loading = null
    },
  )
  return loading
}

/** Forgets what was loaded (a ledger replaced in place, the tests). */
export function resetReviewSettings(): void {
  settings.value = { reviewEntered: false, reviewedOnly: false }
  loading = null
}

/** Saves a change of the settings; the shown value changes at once and goes back if the save fails. */
async function save(change: Partial<ReviewSettings>): Promise<void> {
  const before = settings.value
  settings.value = { ...before, ...change }
  try {
    settings.value = await saveReviewSettings(settings.value)
  } catch (e) {
    settings.value = before
    throw e
  }
}

export function useReviewSettings() {
  void load()
  return {
    settings,
    /** 只统计已审核 as remembered. */
    reviewedOnly: computed(() => settings.value.reviewedOnly),
    /** 录入的记录需要审核. */
    reviewEntered: computed(() => settings.value.reviewEntered),
    save,
    /** Resolves once the first load is done. */
    ready: (): Promise<void> => load(),
  }
}
