import { onScopeDispose, ref, type Ref } from 'vue'

/** Windows narrower than this get the icon-only sidebar, leaving the table room for its columns. */
export const NARROW_WINDOW_QUERY = '(max-width: 1199px)'

/** Whether the window is narrow, kept up to date as it is resized. */
export function useNarrowWindow(): Ref<boolean> {
  const media = window.matchMedia?.(NARROW_WINDOW_QUERY)
  const narrow = ref(media?.matches ?? false)
  if (media) {
    const onChange = (event: MediaQueryListEvent) => {
      narrow.value = event.matches
    }
    media.addEventListener('change', onChange)
    onScopeDispose(() => media.removeEventListener('change', onChange))
  }
  return narrow
}
