import { afterEach, describe, expect, it, vi } from 'vitest'
import { click } from '@/test-utils/forms'
import { freshPagePerTest, q, settle } from '@/test-utils/mount'
import RecoveryCodeDialog from '../RecoveryCodeDialog.vue'
import { recoveryGroups, recoveryPrintPage } from '../recoveryCode'

const CODE = 'ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2'

describe('RecoveryCodeDialog', () => {
  const page = freshPagePerTest()

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  async function render() {
    const wrapper = page.mount(RecoveryCodeDialog, { props: { modelValue: true, code: CODE } })
    await settle()
    return wrapper
  }

  it('shows the code in groups of four, to read aloud', async () => {
    await render()
    const groups = [...document.querySelectorAll('[data-testid=recovery-group]')].map((g) => g.textContent?.trim())
    expect(groups).toEqual(['ABCD', 'EFGH', 'JKMN', 'PQRS', 'TUVW', 'XYZ2'])
  })

  it('closes only after 我已抄写/保存 恢复码 is ticked', async () => {
    const wrapper = await render()
    expect(q('[data-testid=recovery-close]').hasAttribute('disabled')).toBe(true)
    expect(document.querySelector('[data-testid=recovery-dialog] .el-dialog__headerbtn')).toBeNull()
    await click('[data-testid=recovery-saved] input')
    expect(q('[data-testid=recovery-close]').hasAttribute('disabled')).toBe(false)
    await click('recovery-close')
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('copies the code', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    await render()
    await click('recovery-copy')
    expect(writeText).toHaveBeenCalledWith(CODE)
    expect(document.body.textContent).toContain('已复制恢复码')
  })

  it('prints a page with the grouped code only', () => {
    expect(recoveryGroups('abcd efgh-jkmn')).toEqual(['abcd', 'efgh', 'jkmn'])
    const html = recoveryPrintPage('恢复码', CODE, '妥善保管')
    expect(html).toContain('<span>ABCD</span> <span>EFGH</span>')
    expect(html).toContain('妥善保管')
    expect(recoveryPrintPage('<b>', 'A', 'x')).toContain('&#60;b&#62;')
  })
})
