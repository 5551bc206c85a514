/** Commands on the attachments of a visit or service record, kept in the data folder. */
import type { Attachment, AttachmentOwnerKind } from './bindings'
import { call } from './call'

/**
 * Copies a file into the data folder as an attachment of a visit or service record. The bytes travel as the raw
 * request body; the owner and the (percent-encoded) file name as headers.
 */
export async function addAttachment(ownerKind: AttachmentOwnerKind, ownerId: string, file: File): Promise<Attachment> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  return call<Attachment>('add_attachment', bytes, {
    headers: { 'x-owner-kind': ownerKind, 'x-owner-id': ownerId, 'x-file-name': encodeURIComponent(file.name) },
  })
}

/** The attachments of a visit or service record, oldest first. */
export function listAttachments(ownerKind: AttachmentOwnerKind, ownerId: string): Promise<Attachment[]> {
  return call<Attachment[]>('list_attachments', { ownerKind, ownerId })
}

/** Moves an attachment to the recycle bin. */
export function removeAttachment(id: string): Promise<void> {
  return call<void>('remove_attachment', { id })
}

/** The bytes of a previewable image attachment (for a thumbnail). */
export function attachmentBytes(id: string): Promise<ArrayBuffer> {
  return call<ArrayBuffer>('attachment_bytes', { id })
}

/** Opens an attachment in the system's viewer. */
export function openAttachment(id: string): Promise<void> {
  return call<void>('open_attachment', { id })
}
