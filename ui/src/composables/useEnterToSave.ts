/** The keyCode browsers report for a key press that an input method (IME) handles. */
const IME_KEY_CODE = 229

/**
 * Whether a keydown should save the form: Enter (the main or the keypad key), not one repeated by holding the key
 * down, not while an input method is composing (pinyin, wubi …), and never in a textarea, where Enter starts a new
 * line. WebKit (the app's WebView on Linux and macOS) reports the Enter that ends a composition with `isComposing`
 * false but `keyCode` 229, so both are checked.
 */
export function isSaveKey(event: Event): event is KeyboardEvent {
  if (!(event instanceof KeyboardEvent) || event.key !== 'Enter' || event.repeat) return false
  if (event.isComposing || event.keyCode === IME_KEY_CODE) return false
  return !(event.target instanceof HTMLTextAreaElement)
}

/**
 * Enter-to-save for a form dialog: returns a keydown handler for its one-line text boxes that calls `save` when
 * Enter is pressed there (see `isSaveKey`) and keeps the key from doing anything else. Use it as
 * `const onKeydown = useEnterToSave(() => submit(false))` and `<el-input @keydown="onKeydown" />` on each one-line
 * input that should save — not on selects, cascaders or date pickers, where Enter picks an option. Esc (cancel) is
 * el-dialog's own close-on-Escape. `save` guards itself against running twice.
 */
export function useEnterToSave(save: () => unknown): (event: Event | KeyboardEvent) => void {
  return (event) => {
    if (!isSaveKey(event)) return
    event.preventDefault()
    void save()
  }
}
