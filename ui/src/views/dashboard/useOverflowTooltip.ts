import { ref, shallowRef } from 'vue'

/** The class of text that is cut with an ellipsis and shows in full in the tooltip when it is cut. */
export const ELLIPSIS_CLASS = 'dash-ellipsis'

/**
 * One tooltip for all the cut texts of a page (as Element Plus tables do for `show-overflow-tooltip`): the page
 * listens for `mouseover`/`mouseout`, and when the pointer is on an `.dash-ellipsis` element whose text does not fit,
 * the tooltip points at it with its whole text. Texts that fit get no tooltip.
 */
export function useOverflowTooltip() {
  const target = shallowRef<HTMLElement | undefined>()
  const text = ref('')
  const visible = ref(false)

  function cutText(event: Event): HTMLElement | null {
    const start = event.target
    if (!(start instanceof Element)) return null
    return start.closest<HTMLElement>(`.${ELLIPSIS_CLASS}`)
  }

  function onOver(event: MouseEvent): void {
    const el = cutText(event)
    if (el && el.scrollWidth > el.clientWidth) {
      target.value = el
      text.value = el.textContent?.trim() ?? ''
      visible.value = true
    } else {
      visible.value = false
    }
  }

  function onOut(event: MouseEvent): void {
    const el = cutText(event)
    if (el && event.relatedTarget instanceof Node && el.contains(event.relatedTarget)) return
    visible.value = false
  }

  return { target, text, visible, onOver, onOut }
}
