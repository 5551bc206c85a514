import { describe, expect, it } from 'vitest'
import { LOCALE_STORAGE_KEY } from '@/i18n'

// The first lines of this file run after other spec files in the same worker (isolate: false): src/testSetup.ts must
// have cleared what they left.
const startedWith = {
  body: document.body.innerHTML,
  locale: window.localStorage.getItem(LOCALE_STORAGE_KEY),
  storage: window.localStorage.length,
}

describe('the test set-up', () => {
  it('starts every spec file on an empty page with empty storage', () => {
    expect(startedWith).toEqual({ body: '', locale: null, storage: 0 })
    document.body.innerHTML = '<p>left over</p>'
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'en')
  })
})
