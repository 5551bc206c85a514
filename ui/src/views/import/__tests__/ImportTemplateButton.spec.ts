import { invoke } from '@tauri-apps/api/core'
import { save } from '@tauri-apps/plugin-dialog'
import { describe, expect, it, vi } from 'vitest'
import { freshPagePerTest, q, settle } from '@/test-utils/mount'
import ImportTemplateButton from '../ImportTemplateButton.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))

const invokeMock = vi.mocked(invoke)

function templateCalls(): unknown[] {
  return invokeMock.mock.calls.filter(([c]) => c === 'save_import_template').map(([, args]) => args)
}

async function click(): Promise<void> {
  q('[data-testid=import-template]').click()
  await settle()
}

describe('ImportTemplateButton', () => {
  const page = freshPagePerTest(invokeMock)

  it('saves the blank template of the chosen kind where the save dialog says, named after the kind', async () => {
    invokeMock.mockResolvedValue(null)
    vi.mocked(save).mockResolvedValueOnce('/home/li/表格/技术需求征集表导入模板')
    page.mount(ImportTemplateButton, { props: { kind: 'needs', disabled: false } })
    expect(q('[data-testid=import-template]').textContent?.trim()).toBe('下载模板')
    await click()
    expect(save).toHaveBeenLastCalledWith({
      defaultPath: '技术需求征集表导入模板.xlsx',
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
      title: '保存 技术需求征集表导入模板.xlsx',
    })
    expect(templateCalls()).toEqual([{ kind: 'needs', path: '/home/li/表格/技术需求征集表导入模板.xlsx' }])
    expect(document.body.textContent).toContain('已保存模板“技术需求征集表导入模板.xlsx”')
  })

  it('writes nothing when the dialog is closed, and says why a save failed', async () => {
    vi.mocked(save).mockResolvedValueOnce(null)
    page.mount(ImportTemplateButton, { props: { kind: 'experts', disabled: false }, locale: 'en' })
    await click()
    expect(save).toHaveBeenLastCalledWith(
      expect.objectContaining({ defaultPath: 'Commissioner roster import template.xlsx' }),
    )
    expect(templateCalls()).toEqual([])

    vi.mocked(save).mockResolvedValueOnce('/media/usb/roster.xlsx')
    invokeMock.mockRejectedValueOnce({ code: 'io', message: '磁盘已满', messageEn: 'The disk is full', fields: [] })
    await click()
    expect(templateCalls()).toEqual([{ kind: 'experts', path: '/media/usb/roster.xlsx' }])
    expect(document.body.textContent).toContain('The template could not be saved: The disk is full')
  })
})
