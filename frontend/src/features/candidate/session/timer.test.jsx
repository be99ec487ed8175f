import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import TopBar from '../ide/TopBar.jsx'
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

  it('shows the countdown in the top bar, red under five minutes', () => {
    const props = { taskName: 'Fix the parser', taskOpen: true, onToggleTask: () => {}, onSubmit: () => {} }
    const { rerender } = render(<TopBar {...props} remaining={1714} />)
    const timer = screen.getByRole('timer')
    expect(timer).toHaveTextContent('28:34 remaining')
    expect(timer.className).not.toMatch(/bg-red-600/)
    rerender(<TopBar {...props} remaining={299} />)
    expect(screen.getByRole('timer')).toHaveTextContent('04:59 remaining')
    expect(screen.getByRole('timer').className).toMatch(/bg-red-600/)
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
