import { describe, expect, it } from 'vitest'
import { settleForm } from '../forms'
import { fakeClockPerTest, settle, waitFor } from '../mount'

// The waits the specs use: none of them may sleep in real time, and each must fail loudly when misused.

describe('settle on real timers', () => {
  it('runs the pending promises and refuses to let time pass without the fake clock', async () => {
    let answered = false
    void Promise.resolve()
      .then(() => undefined)
      .then(() => (answered = true))
    await settle()
    expect(answered).toBe(true)
    await expect(settle(100)).rejects.toThrow('settle(100) lets simulated time pass: call fakeClockPerTest() first')
  })

  it('settleForm lets no time pass', async () => {
    let fired = false
    const timer = setTimeout(() => (fired = true), 100)
    await settleForm()
    expect(fired).toBe(false)
    clearTimeout(timer)
  })
})

describe('settle on the fake clock', () => {
  fakeClockPerTest()

  it('runs every timer due within the time let pass, with the promises they start, and no later one', async () => {
    const seen: string[] = []
    setTimeout(() => void Promise.resolve().then(() => seen.push('debounced')), 100)
    setTimeout(() => seen.push('late'), 3000)
    const started = Date.now()
    await settle(150)
    expect(seen).toEqual(['debounced'])
    // Simulated time: nothing slept for real (the date is not faked, so this measures real time).
    expect(Date.now() - started).toBeLessThan(100)
  })

  it('settleForm lets Element Plus’s debounces of up to 150 ms pass', async () => {
    const fired: number[] = []
    for (const ms of [0, 100, 120, 150, 151]) setTimeout(() => fired.push(ms), ms)
    await settleForm()
    expect(fired).toEqual([0, 100, 120, 150])
  })
})

describe('waitFor', () => {
  it('returns once the condition holds', async () => {
    let ready = false
    setTimeout(() => (ready = true), 20)
    await waitFor(() => ready, 'the flag')
    expect(ready).toBe(true)
  })

  it('fails after the timeout, naming what it waited for', async () => {
    await expect(waitFor(() => false, 'a box that never closes', 50)).rejects.toThrow(
      'still waiting for a box that never closes after 50 ms',
    )
  })

  describe('on the fake clock', () => {
    fakeClockPerTest()

    it('moves the clock while it waits', async () => {
      let ready = false
      setTimeout(() => (ready = true), 500)
      const started = Date.now()
      await waitFor(() => ready, 'the timer')
      expect(ready).toBe(true)
      expect(Date.now() - started).toBeLessThan(400)
    })

    it('fails once the simulated timeout has passed', async () => {
      const started = Date.now()
      await expect(waitFor(() => false, 'nothing', 1000)).rejects.toThrow('still waiting for nothing after 1000 ms')
      expect(Date.now() - started).toBeLessThan(800)
    })
  })
})
