import type { Directive } from 'vue'

/**
 * `v-testid="'name'"` puts `data-testid` on a component's root element. Element Plus passes a plain
 * `data-testid` attribute of el-input through to the inner <input>; the end-to-end tests look for the
 * wrapper (`[data-testid=x] input`), so the attribute has to sit on the root.
 */
export const vTestid: Directive<HTMLElement, string> = {
  mounted(el, binding) {
    el.dataset.testid = binding.value
  },
  updated(el, binding) {
    el.dataset.testid = binding.value
  },
}
