import { invoke } from '@tauri-apps/api/core'
import { describe, expect, it, vi } from 'vitest'
import { settleForm as settle } from '@/test-utils/forms'
import { fakeClockPerTest, freshPagePerTest, q, type TestLocale } from '@/test-utils/mount'
import ReportSettingsPanel from '../ReportSettingsPanel.vue'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const invokeMock = vi.mocked(invoke)

const STORED = { reportingUnit: '宁波市科学技术局', reporter: '李四' }

const input = (testid: string) => q<HTMLInputElement>(`[data-testid=${testid}] input`)

async function type(testid: string, value: string): Promise<void> {
  const el = input(testid)
  el.value = value
  el.dispatchEvent(new Event('input'))
  await settle()
}

describe('ReportSettingsPanel', () => {
  fakeClockPerTest()
  const page = freshPagePerTest(invokeMock)

  async function render(locale: TestLocale = 'zh-CN'): Promise<void> {
    page.mount(ReportSettingsPanel, { locale })
    await settle()
  }

  it('shows the stored 填报单位 and 填报人 and saves the edited ones', async () => {
    invokeMock.mockImplementation(async (command: string, args?: unknown) => {
      if (command === 'report_settings') return STORED
      if (command === 'save_report_settings') {
        const { settings } = args as { settings: typeof STORED }
        return { reportingUnit: settings.reportingUnit.trim(), reporter: settings.reporter.trim() }
      }
      throw new Error(`unexpected ${command}`)
    })
    await render()
    expect(invokeMock).toHaveBeenCalledWith('report_settings', undefined)
    expect(input('settings-report-unit').value).toBe('宁波市科学技术局')
    expect(input('settings-report-reporter').value).toBe('李四')

    await type('settings-report-unit', '  鄞州区科学技术局 ')
    q('[data-testid=settings-report-save]').click()
    await settle()
    expect(invokeMock).toHaveBeenCalledWith('save_report_settings', {
      settings: { reportingUnit: '  鄞州区科学技术局 ', reporter: '李四' },
    })
    // The form shows what was stored.
    expect(input('settings-report-unit').value).toBe('鄞州区科学技术局')
    expect(document.body.textContent).toContain('已保存报表信息')
  })

  it('puts a refusal beside its field and drops it when the field is edited', async () => {
    invokeMock.mockImplementation(async (command: string) => {
      if (command === 'report_settings') return { reportingUnit: '', reporter: '' }
      if (command === 'save_report_settings') {
        throw {
          code: 'validation',
          message: '填报单位过长',
          messageEn: 'Reporting unit too long',
          fields: [{ field: 'reportingUnit', message: '填报单位不能超过 60 个字', messageEn: 'At most 60 characters' }],
        }
      }
      throw new Error(`unexpected ${command}`)
    })
    await render()
    q('[data-testid=settings-report-save]').click()
    await settle()
    expect(q('[data-testid=settings-report-item-reportingUnit] .el-form-item__error').textContent?.trim()).toBe(
      '填报单位不能超过 60 个字',
    )
    expect(document.querySelector('[data-testid=settings-report-item-reporter] .el-form-item__error')).toBeNull()
    expect(document.body.textContent).toContain('未保存：请按提示修改后再保存')
    await type('settings-report-unit', '鄞州区科学技术局')
    expect(document.querySelector('[data-testid=settings-report-item-reportingUnit] .el-form-item__error')).toBeNull()
  })

  it('says why a save failed that is not about a field', async () => {
    invokeMock.mockImplementation(async (command: string) => {
      if (command === 'report_settings') return STORED
      throw { code: 'in_use', message: '数据库正被另一个程序使用', messageEn: 'The database is in use', fields: [] }
    })
    await render('en')
    q('[data-testid=settings-report-save]').click()
    await settle()
    expect(document.body.textContent).toContain('Could not save: The database is in use')
  })

  it('says when the settings cannot be read, and retries', async () => {
    let fail = true
    invokeMock.mockImplementation(async () => {
      if (fail) throw { code: 'in_use', message: '数据库正被另一个程序使用', messageEn: 'in use', fields: [] }
      return STORED
    })
    await render()
    expect(q('[data-testid=settings-report-load-error]').textContent).toContain(
      '报表信息加载失败：数据库正被另一个程序使用',
    )
    expect(q<HTMLButtonElement>('[data-testid=settings-report-save]').disabled).toBe(true)
    fail = false
    q('[data-testid=settings-report-load-error] button').click()
    await settle()
    expect(document.querySelector('[data-testid=settings-report-load-error]')).toBeNull()
    expect(input('settings-report-reporter').value).toBe('李四')
  })
})
