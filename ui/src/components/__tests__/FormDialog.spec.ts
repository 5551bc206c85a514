import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { h } from 'vue'
import { createAppI18n } from '@/i18n'
import { click, fakeClockPerTest, q, settleForm } from '@/test-utils/forms'
import FormDialog from '../FormDialog.vue'

describe('FormDialog', () => {
  fakeClockPerTest()
  let wrapper: VueWrapper | undefined

  async function openDialog(props: Record<string, unknown> = {}): Promise<VueWrapper> {
    wrapper = mount(FormDialog, {
      props: { modelValue: true, title: '新增派出单位', testid: 'org-dialog', buttons: 'org-form', ...props },
      slots: { default: () => h('p', { 'data-testid': 'the-form' }, '表单') },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await settleForm()
    return wrapper
  }

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  it('shows the title, the form, and 取消 and 保存 with their test ids', async () => {
    await openDialog()
    expect(q('[data-testid=org-dialog] .el-dialog__title').textContent).toBe('新增派出单位')
    expect(q('[data-testid=the-form]').textContent).toBe('表单')
    expect(q('[data-testid=org-form-cancel]').textContent?.trim()).toBe('取消')
    expect(q('[data-testid=org-form-save]').textContent?.trim()).toBe('保存')
    expect(document.querySelector('[data-testid=org-form-save-new]')).toBeNull()
    expect(document.querySelector('.ledger-form__alert')).toBeNull()
  })

  it('lists the core’s other complaints above the form', async () => {
    await openDialog({ otherErrors: ['记录不存在', '批次已删除'], otherErrorsTestid: 'org-errors' })
    expect(q('[data-testid=org-errors]').textContent).toContain('记录不存在')
    expect(q('[data-testid=org-errors]').textContent).toContain('批次已删除')
  })

  it('asks to save, or to save and start the next, and 取消 closes', async () => {
    const w = await openDialog({ saveAndNew: true, saveLabel: '合并', cancelLabel: '关闭' })
    expect(q('[data-testid=org-form-save]').textContent?.trim()).toBe('合并')
    await click('org-form-save-new')
    await click('org-form-save')
    expect(w.emitted('save')).toEqual([[true], [false]])
    expect(q('[data-testid=org-form-cancel]').textContent?.trim()).toBe('关闭')
    await click('org-form-cancel')
    expect(w.emitted('update:modelValue')).toEqual([[false]])
  })

  it('keeps 保存 from being pressed while the record loads', async () => {
    const w = await openDialog({ loading: true })
    expect(q<HTMLButtonElement>('[data-testid=org-form-save]').disabled).toBe(true)
    await click('org-form-save')
    expect(w.emitted('save')).toBeUndefined()
  })

  it('puts what the footer-start slot holds on the left of the buttons, in one row', async () => {
    wrapper = mount(FormDialog, {
      props: { modelValue: true, title: '新增服务记录', testid: 'svc-dialog', buttons: 'svc-form' },
      slots: {
        default: () => h('p', '表单'),
        'footer-start': () => h('button', { 'data-testid': 'copy-last' }, '复制上一条'),
      },
      global: { plugins: [createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await vi.waitFor(() => q('[data-testid=copy-last]'))
    const row = q('[data-testid=copy-last]').parentElement!
    expect(row.classList).toContain('ledger-form__footer')
    expect(row.lastElementChild?.getAttribute('data-testid')).toBe('svc-form-save')
  })
})
