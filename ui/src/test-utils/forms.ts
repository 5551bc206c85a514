import { vi } from 'vitest'
import { nextTick } from 'vue'
import { fakeClockPerTest, q, settle } from './mount'

// What the specs of the form dialogs do to a form: type into a box, pick a day, click, and read what a field or a
// select shows. Elements are found by their test ids (`v-testid` / `data-testid`) across the page, so teleported
// dialogs and option lists are found too.

export { fakeClockPerTest, q }

/**
 * The simulated time a form step lets pass on the fake clock: Element Plus shows a field's validation message 100 ms
 * after the check (its form item debounces the state), and the searched selects send the search 120 ms after typing.
 */
export const FORM_SETTLE_MS = 150

/**
 * Lets a form catch up after a step: the pending promises and renders, and — on the fake clock
 * ({@link fakeClockPerTest}) — the debounces of {@link FORM_SETTLE_MS}. Without the fake clock no time passes.
 */
export function settleForm(ms = FORM_SETTLE_MS): Promise<void> {
  return settle(vi.isFakeTimers() ? ms : 0)
}

/** A test id, or a selector as it is (anything that is not a bare test id). */
function selectorOf(target: string): string {
  return /^[\w-]+$/.test(target) ? `[data-testid=${target}]` : target
}

/** Types `value` into the one-line box (or, `tag`, the text area) inside the element with test id `testid`. */
export async function typeInto(
  testid: string,
  value: string,
  tag: 'input' | 'textarea' | 'any' = 'any',
): Promise<void> {
  const selector =
    tag === 'any' ? `[data-testid=${testid}] input, [data-testid=${testid}] textarea` : `[data-testid=${testid}] ${tag}`
  const input = q<HTMLInputElement | HTMLTextAreaElement>(selector)
  input.value = value
  input.dispatchEvent(new Event('input'))
  await nextTick()
}

/** Types a day into a date picker and leaves it. */
export async function typeDate(testid: string, value: string): Promise<void> {
  const input = q<HTMLInputElement>(`[data-testid=${testid}] input`)
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await settleForm()
}

/** Clicks the element with test id `target` (or matching the selector `target`) and lets the form catch up. */
export async function click(target: string): Promise<void> {
  q(selectorOf(target)).click()
  await settleForm()
}

/** The message shown under the form item with test id `item` (undefined when none). */
export function fieldError(item: string): string | undefined {
  return document.querySelector(`[data-testid=${item}] .el-form-item__error`)?.textContent?.trim()
}

/** The label an el-select with test id `testid` shows for its value. */
export function selectedLabel(testid: string): string {
  return q(`[data-testid=${testid}] .el-select__placeholder`).textContent?.trim() ?? ''
}

/** Sends a keydown to `target`, bubbling and cancelable as a real one. */
export function keydown(target: Element, init: KeyboardEventInit): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }))
}
