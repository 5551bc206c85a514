import type { Event, EventInput, EventType } from '@/api'
import { todayIso } from '@/views/visits/visitForm'
import { toHalfWidth } from '@/validation/normalize'

// The 活动 form, mirroring the core's rules (src-tauri/core/src/fieldwork/events.rs `validate`): a type, a title, a
// day not after today, at least one enterprise; experts optional; 参加人数 optional, at least the experts chosen.

/** 活动类型, in display order; labels under `enums.eventType`. */
export const EVENT_TYPES: readonly EventType[] = ['matchmaking', 'training', 'roadshow', 'other']

/** What the event form edits. */
export interface EventFormModel {
  eventType: EventType | null
  title: string
  eventDate: string | null
  place: string
  attendance: number | null
  enterpriseIds: string[]
  expertIds: string[]
  content: string
  notes: string
}

/** A blank form dated today. */
export function emptyEventForm(keep: Partial<EventFormModel> = {}, today: string = todayIso()): EventFormModel {
  return {
    eventType: null,
    title: '',
    eventDate: today,
    place: '',
    attendance: null,
    enterpriseIds: [],
    expertIds: [],
    content: '',
    notes: '',
    ...keep,
  }
}

/** The form filled with a stored event. */
export function eventFormOf(e: Event): EventFormModel {
  return {
    eventType: e.eventType,
    title: e.title,
    eventDate: e.eventDate,
    place: e.place ?? '',
    attendance: e.attendance,
    enterpriseIds: e.enterprises.map((p) => p.id),
    expertIds: e.experts.map((p) => p.id),
    content: e.content ?? '',
    notes: e.notes ?? '',
  }
}

function textOrNull(value: string): string | null {
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/** The command input for a filled form. */
export function toEventInput(m: EventFormModel): EventInput {
  return {
    eventType: m.eventType,
    title: m.title.trim(),
    eventDate: toHalfWidth(m.eventDate ?? '').trim(),
    place: textOrNull(m.place),
    attendance: m.attendance,
    enterpriseIds: [...m.enterpriseIds],
    expertIds: [...m.expertIds],
    content: textOrNull(m.content),
    notes: textOrNull(m.notes),
  }
}

/** A day after today cannot be an event's day (it is recorded once it took place). */
export function isAfterToday(date: Date, today: string = todayIso()): boolean {
  return todayIso(date) > today
}

/** 参加人数 below the number of experts chosen (they attended): the count of experts, else null. */
export function attendanceShortOf(m: Pick<EventFormModel, 'attendance' | 'expertIds'>): number | null {
  return m.attendance !== null && m.attendance < m.expertIds.length ? m.expertIds.length : null
}
