import { describe, expect, it } from 'vitest'
import { checkLength, FORM_OF_MESSAGES, TEXT_LIMITS, textLimit } from '../limits'

describe('text limits', () => {
  it('mirror the core’s table', () => {
    expect(TEXT_LIMITS.expert).toEqual({ name: 50, position: 100, discipline: 100, specialties: 50, notes: 2000 })
    expect(TEXT_LIMITS.visit.findings).toBe(10000)
    expect(TEXT_LIMITS.need.originalText).toBe(5000)
    expect(TEXT_LIMITS.enterprise.address).toBe(200)
    expect(TEXT_LIMITS.serviceRecord.content).toBe(2000)
  })

  it('are found by the form dialog’s messages namespace, none for other fields or forms', () => {
    expect(textLimit('expertForm', 'notes')).toBe(2000)
    expect(textLimit('visitsPage.form', 'findings')).toBe(10000)
    expect(textLimit('organizations.batch', 'name')).toBe(100)
    expect(textLimit('needsPage.stage', 'note')).toBe(2000)
    expect(textLimit('expertForm', 'phone')).toBeUndefined()
    expect(textLimit('security.form', 'password')).toBeUndefined()
    for (const form of Object.values(FORM_OF_MESSAGES)) expect(TEXT_LIMITS[form]).toBeDefined()
  })

  it('refuse text over the limit as the core counts it: trimmed, by character', () => {
    expect(checkLength('字'.repeat(100), 100)).toBeNull()
    expect(checkLength(`  ${'字'.repeat(100)}  `, 100)).toBeNull()
    expect(checkLength('𠀀'.repeat(100), 100)).toBeNull()
    expect(checkLength('字'.repeat(101), 100)).toEqual({ key: 'textTooLong', params: { max: 100, n: 101 } })
    expect(checkLength(null, 1)).toBeNull()
  })
})
