import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, vi, type Mock } from 'vitest'
import { nextTick, type Component } from 'vue'
import { createMemoryHistory, type Router } from 'vue-router'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'

/** The interface languages a spec mounts in. */
export type TestLocale = 'zh-CN' | 'en'

/**
 * Lets what a step started run to its end: the pending promises (a load, a command's answer), then Vue's next render.
 * That is all most steps need. A step that waits on a timer as well (a debounce, a message shown after a delay) runs
 * on the fake clock (see {@link fakeClockPerTest}); `ms` is then the simulated time let pass, so every timer due within
 * it runs at once, in order, with the promises it starts.
 */
export async function settle(ms = 0): Promise<void> {
  await flushPromises()
  if (ms > 0) {
    if (!vi.isFakeTimers()) throw new Error(`settle(${ms}) lets simulated time pass: call fakeClockPerTest() first`)
    await vi.advanceTimersByTimeAsync(ms)
    await flushPromises()
  }
  await nextTick()
}

/** How often {@link waitFor} checks its condition, in milliseconds (real or simulated). */
const WAIT_STEP_MS = 5

/**
 * Waits until `condition` holds, checking every few milliseconds — on the fake clock by letting that much simulated
 * time pass, so the wait costs no real time — then lets the page render. Fails after `timeout` ms, naming `what` it
 * waited for.
 */
export async function waitFor(condition: () => boolean, what: string, timeout = 2000): Promise<void> {
  const failure = () => new Error(`still waiting for ${what} after ${timeout} ms`)
  if (vi.isFakeTimers()) {
    for (let waited = 0; !condition(); waited += WAIT_STEP_MS) {
      if (waited >= timeout) throw failure()
      await settle(WAIT_STEP_MS)
    }
  } else {
    await vi.waitFor(
      () => {
        if (!condition()) throw failure()
      },
      { timeout, interval: WAIT_STEP_MS },
    )
  }
  await settle()
}

/** The timers the fake clock takes over: Element Plus's debounces and delays, and Vue's transition frames. */
const FAKE_CLOCK_TIMERS = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'requestAnimationFrame',
  'cancelAnimationFrame',
] as const

/** Longer than anything Element Plus keeps on a timer (a message shows for 3 s). */
const LEFTOVER_TIMERS_MS = 10_000

/**
 * For a describe block whose steps wait on timers: each test runs on a fake clock, which moves only when a step lets
 * time pass (`settle(ms)`, or `vi.advanceTimersByTimeAsync`), so a debounce of 100 ms costs no real time and no step
 * depends on the machine's speed. The date (`Date`) and `setImmediate` (which `flushPromises` uses) stay real.
 */
export function fakeClockPerTest(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: [...FAKE_CLOCK_TIMERS] })
  })
  afterEach(async () => {
    // What the test left running (a message's 3 s display, a closing box's transition) finishes, so it lets go of
    // its listeners on the document before the real clock is back; otherwise they would stay for later tests.
    await vi.advanceTimersByTimeAsync(LEFTOVER_TIMERS_MS)
    vi.useRealTimers()
  })
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

/** Every page's component by route name, loaded once when these helpers load (before the app split its pages into
 * chunks, router/sections.ts, importing the router loaded them all the same way). */
const PAGES: ReadonlyMap<string, Component> = new Map(
  await Promise.all(
    createAppRouter(createMemoryHistory())
      .getRoutes()
      .flatMap((route) => {
        const page = route.components?.default
        return typeof page === 'function'
          ? [(page as () => Promise<{ default: Component }>)().then((m) => [String(route.name), m.default] as const)]
          : []
      }),
  ),
)

/**
 * The app's router on memory history, already at `path`, with every page's component in place of its chunk's
 * loader (`PAGES`, as vue-router keeps a component once it loaded it): a click on a link then renders its page
 * within `settle()`.
 */
export async function routerAt(path: string): Promise<Router> {
  const router = createAppRouter(createMemoryHistory())
  for (const route of router.getRoutes()) {
    const page = PAGES.get(String(route.name))
    if (page && route.components) route.components.default = page
  }
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
