import { invoke } from '@tauri-apps/api/core'
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Attachment } from '@/api'
import { createAppI18n } from '@/i18n'
import { selectedLabel } from '@/test-utils/forms'
import { fakeClockPerTest, q, settle } from '@/test-utils/mount'
import AttachmentPanel from '../AttachmentPanel.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)
const MIB = 1024 * 1024

function attachment(over: Partial<Attachment>): Attachment {
  return {
    id: 'att-1',
    ownerKind: 'visit',
    ownerId: 'v1',
    fileName: '现场照片.jpg',
    sizeBytes: 245_760,
    sha256: 'ab'.repeat(32),
    mime: 'image/jpeg',
    previewable: true,
    createdAt: '2024-05-06T02:03:04Z',
    evidenceKind: null,
    ...over,
  }
}

const PHOTO = attachment({})
const PDF = attachment({
  id: 'att-2',
  fileName: '盖章确认单.pdf',
  sizeBytes: 3 * MIB + MIB / 2,
  mime: 'application/pdf',
  previewable: false,
})

type Handler = (command: string, args: unknown, options: unknown) => unknown

/** Answers list_attachments with `stored()` and attachment_bytes with a few bytes; `extra` handles the rest. */
function route(stored: () => Attachment[], extra: Handler = () => null): void {
  invokeMock.mockImplementation(async (command: string, args?: unknown, options?: unknown) => {
    if (command === 'list_attachments') return stored()
    if (command === 'attachment_bytes') return new Uint8Array([0xff, 0xd8, 0xff]).buffer
    return extra(command, args, options)
  })
}

/** Chooses files in the hidden file input, as the system's file dialog would. */
async function choose(files: File[]): Promise<void> {
  const input = q<HTMLInputElement>('[data-testid=attachment-input]')
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle()
}

function names(): string[] {
  return [...document.querySelectorAll('[data-testid=attachment-name]')].map((n) => n.textContent?.trim() ?? '')
}

describe('AttachmentPanel', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined
  const created: string[] = []

  async function render(props: { ownerId: string | null; readonly?: boolean; ownerKind?: 'visit' | 'service_record' }) {
    wrapper = mount(AttachmentPanel, {
      props: { ownerKind: 'visit', ...props },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await settle()
    return wrapper
  }

  beforeEach(() => {
    invokeMock.mockReset()
    created.length = 0
    let n = 0
    URL.createObjectURL = vi.fn(() => {
      const url = `blob:thumb-${++n}`
      created.push(url)
      return url
    })
    URL.revokeObjectURL = vi.fn()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('lists the owner’s files with name and size, a thumbnail for a photo and a type mark for others', async () => {
    route(() => [PHOTO, PDF])
    await render({ ownerId: 'v1' })
    expect(invokeMock).toHaveBeenCalledWith('list_attachments', { ownerKind: 'visit', ownerId: 'v1' })
    expect(names()).toEqual(['现场照片.jpg', '盖章确认单.pdf'])
    const sizes = [...document.querySelectorAll('[data-testid=attachment-size]')].map((s) => s.textContent?.trim())
    expect(sizes).toEqual(['240.0 KB', '3.5 MB'])
    // Only the photo's bytes are asked for, and they become a blob: image.
    expect(invokeMock.mock.calls.filter(([c]) => c === 'attachment_bytes')).toEqual([
      ['attachment_bytes', { id: 'att-1' }],
    ])
    const thumbs = document.querySelectorAll<HTMLImageElement>('[data-testid=attachment-thumb]')
    expect(thumbs).toHaveLength(1)
    expect(thumbs[0]?.getAttribute('src')).toBe('blob:thumb-1')
    const items = document.querySelectorAll('[data-testid=attachment-item]')
    expect(items[1]?.textContent).toContain('PDF')
  })

  it('lists a service record’s files the same way', async () => {
    route(() => [PDF])
    await render({ ownerId: 's1', ownerKind: 'service_record' })
    expect(invokeMock).toHaveBeenCalledWith('list_attachments', { ownerKind: 'service_record', ownerId: 's1' })
    expect(names()).toEqual(['盖章确认单.pdf'])
  })

  it('explains that files come after saving while the record has no id, and asks nothing', async () => {
    route(() => [PHOTO])
    await render({ ownerId: null })
    expect(q('[data-testid=attachment-save-first]').textContent).toContain('保存后即可添加附件')
    expect(document.querySelector('[data-testid=attachment-add]')).toBeNull()
    expect(invokeMock).not.toHaveBeenCalled()
  })

  it('uploads the chosen files one by one as raw bytes with the owner and the encoded name in headers', async () => {
    let stored: Attachment[] = []
    const sent: { bytes: unknown; headers: Record<string, string> }[] = []
    let release: (() => void) | undefined
    route(
      () => stored,
      async (command, args, options) => {
        if (command !== 'add_attachment') return null
        sent.push({ bytes: args, headers: (options as { headers: Record<string, string> }).headers })
        // The first upload waits, so the second file is seen waiting meanwhile.
        if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve))
        const name = decodeURIComponent((options as { headers: Record<string, string> }).headers['x-file-name']!)
        const saved = attachment({
          id: `new-${sent.length}`,
          fileName: name,
          mime: 'application/pdf',
          previewable: false,
        })
        stored = [...stored, saved]
        return saved
      },
    )
    const w = await render({ ownerId: 'v1' })
    expect(q('[data-testid=attachment-empty]').textContent).toContain('还没有附件')
    expect(q<HTMLInputElement>('[data-testid=attachment-input]').accept).toBe(
      '.jpg,.jpeg,.png,.gif,.webp,.heic,.pdf,.ofd,.doc,.docx,.xls,.xlsx,.txt',
    )
    expect(q<HTMLInputElement>('[data-testid=attachment-input]').multiple).toBe(true)

    await choose([new File(['%PDF-1.7 确认'], '确认单 #1.pdf'), new File(['hello'], 'notes.txt')])
    const states = () =>
      [...document.querySelectorAll<HTMLElement>('[data-testid=attachment-upload]')].map((u) => u.dataset.state)
    expect(states()).toEqual(['uploading', 'waiting'])
    expect(sent).toHaveLength(1)
    release?.()
    await settle()

    expect(sent).toHaveLength(2)
    const first = sent[0]!
    expect(first.bytes).toBeInstanceOf(Uint8Array)
    expect(new TextDecoder().decode(first.bytes as Uint8Array)).toBe('%PDF-1.7 确认')
    expect(first.headers).toEqual({
      'x-owner-kind': 'visit',
      'x-owner-id': 'v1',
      'x-file-name': encodeURIComponent('确认单 #1.pdf'),
    })
    expect(sent[1]!.headers['x-file-name']).toBe('notes.txt')
    expect(names()).toEqual(['确认单 #1.pdf', 'notes.txt'])
    expect(states()).toEqual([])
    const changed = w.emitted('changed') as Attachment[][][]
    expect(changed).toHaveLength(2)
    expect(changed[1]![0]!.map((a) => a.fileName)).toEqual(['确认单 #1.pdf', 'notes.txt'])
  })

  it('refuses a file over 20 MB before sending anything, and uploads the others', async () => {
    const add = vi.fn()
    route(
      () => [],
      (command, _args, options) => {
        if (command !== 'add_attachment') return null
        add(options)
        return attachment({ id: 'ok', fileName: 'small.png' })
      },
    )
    const w = await render({ ownerId: 'v1' })
    const big = new File(['x'], '扫描件.pdf')
    Object.defineProperty(big, 'size', { value: 21 * MIB })
    await choose([big])
    expect(add).not.toHaveBeenCalled()
    const upload = q('[data-testid=attachment-upload]')
    expect(upload.dataset.state).toBe('failed')
    expect(upload.textContent).toContain('文件大小 21.0 MB 超过上限 20 MB，请压缩后再上传')
    expect(w.emitted('changed')).toBeUndefined()

    // A file of exactly 20 MB is allowed through.
    const limit = new File(['x'], 'small.png')
    Object.defineProperty(limit, 'size', { value: 20 * MIB })
    await choose([limit])
    expect(add).toHaveBeenCalledTimes(1)
  })

  it('shows the core’s refusal beside the file and keeps it until dismissed', async () => {
    route(
      () => [],
      (command) => {
        if (command !== 'add_attachment') return null
        throw {
          code: 'validation',
          message: '输入有误，未保存：不支持该类型的文件（.exe）',
          messageEn: 'Invalid input',
          fields: [
            {
              field: 'fileName',
              message:
                '不支持该类型的文件（.exe）；可上传图片（jpg、png、gif、webp、heic）、PDF、OFD、Word、Excel 和 txt 文件',
              messageEn: 'Files of this type (.exe) cannot be attached',
            },
          ],
        }
      },
    )
    await render({ ownerId: 'v1' })
    await choose([new File(['MZ'], 'setup.exe')])
    const upload = q('[data-testid=attachment-upload]')
    expect(upload.dataset.state).toBe('failed')
    expect(upload.textContent).toContain('未添加：不支持该类型的文件（.exe）')
    expect(names()).toEqual([])
    q('[data-testid=attachment-upload-dismiss]').click()
    await settle()
    expect(document.querySelector('[data-testid=attachment-upload]')).toBeNull()
  })

  it('删除 asks first, then calls remove_attachment, drops the file and revokes its thumbnail', async () => {
    const removed = vi.fn()
    route(
      () => [PHOTO, PDF],
      (command, args) => {
        if (command === 'remove_attachment') removed(args)
        return null
      },
    )
    const w = await render({ ownerId: 'v1' })
    document.querySelectorAll<HTMLElement>('[data-testid=attachment-delete]')[0]!.click()
    await settle()
    expect(q('.el-message-box').textContent).toContain('确定删除附件“现场照片.jpg”吗？')
    expect(removed).not.toHaveBeenCalled()

    // Cancelling keeps it.
    q<HTMLElement>('.el-message-box__btns .el-button:not(.el-button--primary)').click()
    await settle(300)
    expect(removed).not.toHaveBeenCalled()
    expect(names()).toEqual(['现场照片.jpg', '盖章确认单.pdf'])

    document.querySelectorAll<HTMLElement>('[data-testid=attachment-delete]')[0]!.click()
    await settle()
    q<HTMLElement>('.el-message-box__btns .el-button--primary').click()
    await settle()
    expect(removed).toHaveBeenCalledWith({ id: 'att-1' })
    expect(names()).toEqual(['盖章确认单.pdf'])
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:thumb-1')
    const changed = w.emitted('changed') as Attachment[][][]
    expect(changed.at(-1)![0]!.map((a) => a.id)).toEqual(['att-2'])
  })

  it('marks a file as the record’s confirmation, named after the owner, and clears the mark again', async () => {
    let stored = [PDF]
    route(
      () => stored,
      (command, args) => {
        if (command !== 'set_attachment_evidence') return null
        const { id, evidenceKind } = args as { id: string; evidenceKind: Attachment['evidenceKind'] }
        stored = stored.map((a) => (a.id === id ? { ...a, evidenceKind } : a))
        return stored.find((a) => a.id === id)
      },
    )
    await render({ ownerId: 's1', ownerKind: 'service_record' })
    expect(selectedLabel('attachment-mark-select')).toBe('未标记')
    q('[data-testid=attachment-mark-select]').click()
    await settle()
    expect(q('[data-testid=attachment-mark-att-2-confirmation]').textContent?.trim()).toBe('服务确认书')
    q('[data-testid=attachment-mark-att-2-confirmation]').click()
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('set_attachment_evidence', { id: 'att-2', evidenceKind: 'confirmation' })
    expect(selectedLabel('attachment-mark-select')).toBe('服务确认书')
    expect(wrapper!.emitted('changed')).toHaveLength(1)
    q('[data-testid=attachment-mark-select]').click()
    await settle()
    q('[data-testid=attachment-mark-att-2-none]').click()
    await settle()
    expect(invokeMock).toHaveBeenLastCalledWith('set_attachment_evidence', { id: 'att-2', evidenceKind: null })
    expect(selectedLabel('attachment-mark-select')).toBe('未标记')
  })

  it('calls a visit’s confirmation its 走访记录表 and sends the mark chosen for new files with the upload', async () => {
    const headers: Record<string, string>[] = []
    route(
      () => [],
      (command, _args, options) => {
        if (command !== 'add_attachment') return null
        headers.push((options as { headers: Record<string, string> }).headers)
        return attachment({ evidenceKind: 'photo' })
      },
    )
    await render({ ownerId: 'v1' })
    q('[data-testid=attachment-upload-as]').click()
    await settle()
    expect(q('[data-testid=attachment-upload-as-confirmation]').textContent?.trim()).toBe('走访记录表')
    q('[data-testid=attachment-upload-as-photo]').click()
    await settle()
    await choose([new File(['x'], '现场.jpg', { type: 'image/jpeg' })])
    expect(headers[0]?.['x-evidence-kind']).toBe('photo')
    expect(selectedLabel('attachment-mark-select')).toBe('现场照片')
  })

  it('打开 and the thumbnail hand the file to the system viewer', async () => {
    const opened = vi.fn()
    route(
      () => [PHOTO, PDF],
      (command, args) => {
        if (command === 'open_attachment') opened(args)
        return null
      },
    )
    await render({ ownerId: 'v1' })
    document.querySelectorAll<HTMLElement>('[data-testid=attachment-open]')[1]!.click()
    await settle()
    expect(opened).toHaveBeenCalledWith({ id: 'att-2' })
    document.querySelectorAll<HTMLElement>('[data-testid=attachment-preview]')[0]!.click()
    await settle()
    expect(opened).toHaveBeenLastCalledWith({ id: 'att-1' })
  })

  it('readonly lists and opens but offers neither adding nor deleting', async () => {
    route(() => [PHOTO])
    await render({ ownerId: 'v1', readonly: true })
    expect(names()).toEqual(['现场照片.jpg'])
    expect(document.querySelector('[data-testid=attachment-add]')).toBeNull()
    expect(document.querySelector('[data-testid=attachment-delete]')).toBeNull()
    expect(document.querySelector('[data-testid=attachment-open]')).not.toBeNull()
  })

  it('revokes every thumbnail when the owner changes and when it goes away', async () => {
    let owner = 'v1'
    route(() => (owner === 'v1' ? [PHOTO] : [attachment({ id: 'att-9', ownerId: 'v2' })]))
    const w = await render({ ownerId: 'v1' })
    expect(created).toEqual(['blob:thumb-1'])
    owner = 'v2'
    await w.setProps({ ownerId: 'v2' })
    await settle()
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:thumb-1')
    expect(created).toEqual(['blob:thumb-1', 'blob:thumb-2'])
    w.unmount()
    wrapper = undefined
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:thumb-2')
  })
})
