import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { useConfirm } from '@/composables/useConfirm'
import { useRowTask } from '@/composables/useRowTask'
import { freshPagePerTest, mountInApp, q, settle } from '@/test-utils/mount'

/** Mounts a component exposing what the composables return (they need the app's i18n). */
function withComposables() {
  let exposed: { task: ReturnType<typeof useRowTask>; ask: ReturnType<typeof useConfirm> } | undefined
  mountInApp(
    defineComponent({
      setup() {
        exposed = { task: useRowTask(), ask: useConfirm() }
        return () => h('div')
      },
    }),
  )
  if (!exposed) throw new Error('not mounted')
  return exposed
}

describe('useRowTask and useConfirm', () => {
  freshPagePerTest()

  it('marks the row busy while its task runs and says it went well', async () => {
    const { task } = withComposables()
    let release: () => void = () => undefined
    const running = task.runOn(
      'r1',
      () => new Promise<void>((resolve) => (release = resolve)),
      '已恢复',
      (m) => m,
    )
    expect(task.busyId.value).toBe('r1')
    release()
    expect(await running).toBe(true)
    expect(task.busyId.value).toBeNull()
    await settle()
    expect(q('.el-message').textContent).toContain('已恢复')
  })

  it('says a failure in the interface language through failed(message, error)', async () => {
    const { task } = withComposables()
    const failure = { code: 'has_references', message: '仍在使用', messageEn: 'in use', fields: [] }
    const ok = await task.runOn(
      'r2',
      () => Promise.reject(failure),
      '不会出现',
      (message, e) => `${e.code}：${message}`,
    )
    expect(ok).toBe(false)
    expect(task.busyId.value).toBeNull()
    await settle()
    expect(q('.el-message').textContent).toContain('has_references：仍在使用')
  })

  it('asks in a warning dialog and resolves to the answer', async () => {
    const { ask } = withComposables()
    const answer = ask('确定吗？', '标题', '删除')
    await settle()
    expect(q('.el-message-box').textContent).toContain('确定吗？')
    expect(q('.el-message-box__btns .el-button--primary').textContent).toContain('删除')
    q('.el-message-box__btns .el-button:not(.el-button--primary)').click()
    expect(await answer).toBe(false)
  })
})
