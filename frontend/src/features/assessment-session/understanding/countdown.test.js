import { describe, expect, it } from 'vitest'
import { deadlineFrom, formatClock, secondsUntil } from './countdown.js'

describe('the understanding check clock', () => {
  it('counts down from what the server said, on the page clock', () => {
    const deadline = deadlineFrom(300, 1_000)
    expect(secondsUntil(deadline, 1_000)).toBe(300)
    expect(secondsUntil(deadline, 60_500)).toBe(241)
    expect(secondsUntil(deadline, 999_999)).toBe(0)
    expect(secondsUntil(deadlineFrom(-5, 0), 0)).toBe(0)
  })

  it('shows minutes and seconds', () => {
    expect(formatClock(300)).toBe('5:00')
    expect(formatClock(61)).toBe('1:01')
    expect(formatClock(9)).toBe('0:09')
    expect(formatClock(-3)).toBe('0:00')
  })
})
