import { reactive, readonly } from 'vue'
import { closeDemoLedger, demoStatus, openDemoLedger } from '@/api'

/**
 * The demo ledger (示例数据) as the whole UI sees it: one state shared by the header (the mark and 返回我的台账), the
 * first-run steps (先看看示例数据) and App.vue, which renders the page again on each switch (`generation`) and checks
 * the start-up status (the person's own ledger may come back at the lock screen).
 */
const state = reactive({ demo: false, switching: false, generation: 0 })

/** Reads from the shell whether the demo is open; keeps the last answer when it cannot be read. */
async function refresh(): Promise<void> {
  state.demo = await demoStatus()
}

async function switchTo(demo: boolean): Promise<void> {
  state.switching = true
  try {
    await (demo ? openDemoLedger() : closeDemoLedger())
    state.demo = demo
    state.generation += 1
  } finally {
    state.switching = false
  }
}

export function useDemoLedger() {
  return {
    state: readonly(state),
    refresh,
    /** 先看看示例数据: the shell opens the demo ledger in place of the person's own. */
    open: () => switchTo(true),
    /** 返回我的台账. */
    leave: () => switchTo(false),
  }
}
