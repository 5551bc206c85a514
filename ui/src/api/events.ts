/** Commands on 活动 (events with several enterprises and experts). Their attachments are in ./attachments. */
import type { Event, EventInput, EventQuery, EventRow, Page } from './bindings'
import { call } from './call'

/** Validates and stores a new event; rejects with "validation" and field errors. */
export function createEvent(input: EventInput): Promise<Event> {
  return call<Event>('create_event', { input })
}

/** Saves an edited event; rejects with "conflict" when `expectedRevision` is stale. */
export function updateEvent(id: string, expectedRevision: number, input: EventInput): Promise<Event> {
  return call<Event>('update_event', { id, expectedRevision, input })
}

/** One event with its enterprises and experts. */
export function getEvent(id: string): Promise<Event> {
  return call<Event>('get_event', { id })
}

/** One page of the event list, filtered by the core. */
export function listEvents(query: EventQuery): Promise<Page<EventRow>> {
  return call<Page<EventRow>>('list_events', { query })
}
