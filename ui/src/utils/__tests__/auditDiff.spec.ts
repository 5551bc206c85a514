import { describe, expect, it } from 'vitest'
import { changedFields } from '../auditDiff'

describe('changedFields', () => {
  it('lists the fields that changed, ignoring bookkeeping', () => {
    const before = {
      id: 'x',
      name: '甲公司',
      size: 'small',
      contacts: [{ name: '王' }],
      revision: 1,
      updatedAt: 'a',
      address: null,
    }
    const after = {
      id: 'x',
      name: '甲公司',
      size: 'medium',
      contacts: [{ name: '李' }],
      revision: 2,
      updatedAt: 'b',
      address: null,
      notes: 'n',
    }
    expect(changedFields(before, after)).toEqual([
      { field: 'size', before: 'small', after: 'medium' },
      { field: 'contacts', before: [{ name: '王' }], after: [{ name: '李' }] },
      { field: 'notes', before: undefined, after: 'n' },
    ])
  })

  it('has nothing to compare when one image is missing', () => {
    expect(changedFields(null, { name: 'a' })).toEqual([])
    expect(changedFields({ name: 'a' }, null)).toEqual([])
  })
})
