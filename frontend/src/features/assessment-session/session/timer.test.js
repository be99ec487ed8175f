import { describe, expect, it } from 'vitest'
import { formatRemaining, isUrgent, remainingAt, serverRemainingSeconds } from './timer.js'

describe('formatRemaining', () => {
  it.each([
    [1714, '28:34'],
    [3600, '60:00'],
    [5400, '90:00'],
    [59.2, '01:00'],
    [9, '00:09'],
    [0, '00:00'],
    [-5, '00:00'],
    [Number.NaN, '00:00'],
  ])('%s s -> %s', (seconds, text) => {
    expect(formatRemaining(seconds)).toBe(text)
  })
})

describe('urgency', () => {
  it('turns urgent strictly under five minutes', () => {
    expect(isUrgent(300)).toBe(false)
    expect(isUrgent(299.9)).toBe(true)
    expect(isUrgent(0)).toBe(true)
  })
})

describe('server time', () => {
  it('prefers the server-measured remaining seconds over the deadline', () => {
    expect(serverRemainingSeconds({ time_remaining_seconds: 1200, deadline: '2000-01-01T00:00:00Z' })).toBe(1200)
  })

  it('falls back to the deadline and never goes negative', () => {
    const deadline = new Date(Date.now() + 90_000).toISOString()
    expect(serverRemainingSeconds({ deadline })).toBeGreaterThan(88)
    expect(serverRemainingSeconds({ deadline: '2000-01-01T00:00:00Z' })).toBe(0)
    expect(serverRemainingSeconds({})).toBe(0)
  })

  it('counts down on the monotonic clock from when the answer arrived', () => {
    expect(remainingAt(600, 1000, 1000)).toBe(600)
    expect(remainingAt(600, 1000, 31000)).toBe(570)
    expect(remainingAt(10, 0, 60000)).toBe(0)
  })
})
