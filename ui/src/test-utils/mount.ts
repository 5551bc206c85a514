import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, type Mock } from 'vitest'
import { nextTick, type Component } from 'vue'
import { createMemoryHistory, type Router } from 'vue-router'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'

/** The interface languages a spec mounts in. */
export type TestLocale = 'zh-CN' | 'en'

/** Lets the pending promises, a timer of `ms` and Vue's next render run: what a load or a click needs to show. */
export async function settle(ms = 50): Promise<void> {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, ms))
  await flushPromises()
  await nextTick()
}

/** The first element of the page matching `selector` (teleported dialogs and menus included); throws when none. */
export function q<T extends Element = HTMLElement>(selector: string): T {
  const el = document.querySelector<T>(selector)
  if (!el) throw new Error(`nothing matches ${selector}`)
  return el
}

/** The trimmed text of the element with this test id, or '' when there is none. */
export function textOf(testid: string): string {
  return document.querySelector(`[data-testid=${testid}]`)?.textContent?.trim() ?? ''
}

/** The app's router on memory history, already at `path`. */
export async function routerAt(path: string): Promise<Router> {
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  return router
}

/**
 * Mounts a component into the page as the app runs it: with the app's i18n in `locale` (Chinese unless told), the
 * router when given, and attached to the document so teleported dialogs and menus can be found with `q`.
 */
export function mountInApp(
  component: Component,
  options: { locale?: TestLocale; router?: Router; props?: Record<string, unknown> } = {},
): VueWrapper {
  const plugins = options.router
    ? [createAppI18n(options.locale ?? 'zh-CN'), options.router]
    : [createAppI18n(options.locale ?? 'zh-CN')]
  return mount(component, { props: options.props, global: { plugins }, attachTo: document.body })
}

/**
 * For a describe block whose tests mount a page: before each test the local storage is emptied and the `invoke`
 * mock reset; after it, what `mount` mounted (see `mountInApp`) is unmounted and the page emptied, teleported
 * dialogs and menus included.
 */
export function freshPagePerTest(invokeMock?: Pick<Mock, 'mockReset'>) {
  let wrapper: VueWrapper | undefined

  beforeEach(() => {
    window.localStorage.clear()
    invokeMock?.mockReset()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
    document.body.innerHTML = ''
  })

  return {
    mount(component: Component, options: Parameters<typeof mountInApp>[1] = {}): VueWrapper {
      wrapper = mountInApp(component, options)
      return wrapper
    },
  }
}
