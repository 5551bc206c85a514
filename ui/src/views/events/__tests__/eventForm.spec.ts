import { describe, expect, it } from 'vitest'
import type { Event } from '@/api'
import { attendanceShortOf, emptyEventForm, eventFormOf, isAfterToday, toEventInput } from '../eventForm'

const stored: Event = {
  id: 'e1',
  eventType: 'roadshow',
  title: '科技成果路演',
  eventDate: '2026-03-01',
  place: null,
  attendance: 40,
  enterprises: [
    { id: 'f1', name: '湖州电梯有限公司' },
    { id: 'f2', name: '安吉竹木制品厂' },
  ],
  experts: [{ id: 'x1', name: '李娜' }],
  content: '三家企业路演',
  notes: null,
  createdAt: '2026-03-01T00:00:00Z',
  updatedAt: '2026-03-01T00:00:00Z',
  revision: 2,
}

describe('the event form', () => {
  it('starts blank on today and keeps what 保存并新增 carries over', () => {
    expect(emptyEventForm({}, '2026-03-20')).toMatchObject({
      eventDate: '2026-03-20',
      enterpriseIds: [],
      eventType: null,
    })
    expect(emptyEventForm({ eventType: 'training' }, '2026-03-20').eventType).toBe('training')
  })

  it('round-trips a stored event and sends blanks as null, days in half-width', () => {
    const form = eventFormOf(stored)
    expect(form.enterpriseIds).toEqual(['f1', 'f2'])
    expect(form.place).toBe('')
    const input = toEventInput({ ...form, title: '  路演 ', eventDate: '２０２６-０３-０１', notes: '  ' })
    expect(input).toEqual({
      eventType: 'roadshow',
      title: '路演',
      eventDate: '2026-03-01',
      place: null,
      attendance: 40,
      enterpriseIds: ['f1', 'f2'],
      expertIds: ['x1'],
      content: '三家企业路演',
      notes: null,
    })
  })

  it('refuses fewer people than experts chosen, and days after today', () => {
    expect(attendanceShortOf({ attendance: 1, expertIds: ['x1', 'x2'] })).toBe(2)
    expect(attendanceShortOf({ attendance: 2, expertIds: ['x1', 'x2'] })).toBeNull()
    expect(attendanceShortOf({ attendance: null, expertIds: ['x1'] })).toBeNull()
    expect(isAfterToday(new Date(2026, 2, 21), '2026-03-20')).toBe(true)
    expect(isAfterToday(new Date(2026, 2, 20), '2026-03-20')).toBe(false)
  })
})
