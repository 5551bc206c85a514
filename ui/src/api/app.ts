/** The running app itself. */
import type { AppInfo } from './bindings'
import { call } from './call'
import { listEnterprises } from './enterprises'
import { listExperts } from './experts'
import { enterpriseQuery, expertQuery } from './queries'

/** Version, data folder, database path and schema version of the running app. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info')
}

/** Whether the demo ledger (示例数据) is open in place of the person's own. */
export function demoStatus(): Promise<boolean> {
  return call<boolean>('demo_status')
}

/** 先看看示例数据: opens the demo ledger in its own folder (made with the small sample as of today on first use). */
export function openDemoLedger(): Promise<void> {
  return call<void>('open_demo_ledger')
}

/** 返回我的台账: closes the demo ledger and opens the person's own again. */
export function closeDemoLedger(): Promise<void> {
  return call<void>('close_demo_ledger')
}

/** Whether the ledger holds no expert and no enterprise yet (the first run: the password offer, the first steps). */
export async function ledgerIsEmpty(): Promise<boolean> {
  const [experts, enterprises] = await Promise.all([
    listExperts(expertQuery({ pageSize: 1 })),
    listEnterprises(enterpriseQuery({ pageSize: 1 })),
  ])
  return experts.total === 0 && enterprises.total === 0
}
