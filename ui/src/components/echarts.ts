/**
 * The parts of ECharts the app draws with, registered once: bar and line charts on a cartesian grid, with
 * tooltips and legends, rendered to canvas. Importing only these keeps the chunk small;
 * EChart.vue loads this module on first use, so the main bundle does not carry ECharts at all, and tests
 * replace it (jsdom has no canvas).
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { init, use, type ComposeOption } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

/** An option made only of the registered charts and components. */
export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>

export { init }
