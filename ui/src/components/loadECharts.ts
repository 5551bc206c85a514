import type * as ECharts from './echarts'

let loaded: Promise<typeof ECharts> | undefined

/** The app's ECharts build (./echarts), imported once on first use into its own chunk. */
export function loadECharts(): Promise<typeof ECharts> {
  loaded ??= import('./echarts').catch((failure: unknown) => {
    loaded = undefined
    throw failure
  })
  return loaded
}
