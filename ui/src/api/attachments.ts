/** Commands on the attachments of a visit or service record, kept in the data folder. */
import type { Attachment, AttachmentOwnerKind, EvidenceKind } from './bindings'
import { call } from './call'

/**
 * Copies a file into the data folder as an attachment of a visit or service record. The bytes travel as the raw
 * request body; the owner, the (percent-encoded) file name and the evidence mark, if any, as headers.
 */
export async function addAttachment(
  ownerKind: AttachmentOwnerKind,
  ownerId: string,
  file: File,
  evidenceKind: EvidenceKind | null = null,
): Promise<Attachment> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  const headers: Record<string, string> = {
    'x-owner-kind': ownerKind,
    'x-owner-id': ownerId,
    'x-file-name': encodeURIComponent(file.name),
  }
  if (evidenceKind) headers['x-evidence-kind'] = evidenceKind
  return call<Attachment>('add_attachment', bytes, { headers })
}

/** Marks an attachment as evidence (服务确认书/走访记录表, 现场照片), or clears its mark (null). */
export function setAttachmentEvidence(id: string, evidenceKind: EvidenceKind | null): Promise<Attachment> {
  return call<Attachment>('set_attachment_evidence', { id, evidenceKind })
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
