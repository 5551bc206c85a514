import { afterEach, describe, expect, it, vi } from 'vitest'
import { isSaveKey, useEnterToSave } from '../useEnterToSave'

/** Dispatches a keydown on `target` with the handler listening there; returns the event. */
function press(target: HTMLElement, init: KeyboardEventInit & { keyCode?: number }): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })
  if (init.keyCode !== undefined) Object.defineProperty(event, 'keyCode', { value: init.keyCode })
  target.dispatchEvent(event)
  return event
}

describe('useEnterToSave', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  function setUp(tag: 'input' | 'textarea' = 'input') {
    const save = vi.fn()
    const field = document.createElement(tag)
    document.body.append(field)
    field.addEventListener('keydown', useEnterToSave(save))
    return { save, field }
  }

  it('saves on Enter (main or keypad) in a one-line text box and stops the key doing anything else', () => {
    const { save, field } = setUp()
    const event = press(field, { key: 'Enter', code: 'Enter' })
    expect(save).toHaveBeenCalledTimes(1)
    expect(event.defaultPrevented).toBe(true)
    press(field, { key: 'Enter', code: 'NumpadEnter' })
    expect(save).toHaveBeenCalledTimes(2)
  })

  it('does not save while an input method is composing, nor on the Enter that ends the composition in WebKit', () => {
    const { save, field } = setUp()
    const composing = press(field, { key: 'Enter', isComposing: true })
    const webkitCommit = press(field, { key: 'Enter', keyCode: 229 })
    expect(save).not.toHaveBeenCalled()
    expect(composing.defaultPrevented).toBe(false)
    expect(webkitCommit.defaultPrevented).toBe(false)
  })

  it('leaves Enter to a textarea (a new line), other keys alone, and ignores a held-down Enter', () => {
    const area = setUp('textarea')
    const newLine = press(area.field, { key: 'Enter' })
    expect(area.save).not.toHaveBeenCalled()
    expect(newLine.defaultPrevented).toBe(false)

    const { save, field } = setUp()
    press(field, { key: 'a' })
    press(field, { key: 'Escape' })
    press(field, { key: 'Tab' })
    press(field, { key: 'Enter', repeat: true })
    expect(save).not.toHaveBeenCalled()
  })

  it('isSaveKey accepts only keyboard events', () => {
    expect(isSaveKey(new Event('keydown'))).toBe(false)
    expect(isSaveKey(new KeyboardEvent('keydown', { key: 'Enter' }))).toBe(true)
  })
})
