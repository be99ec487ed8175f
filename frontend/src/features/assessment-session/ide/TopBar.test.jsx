import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import TopBar from './TopBar.jsx'

describe('TopBar', () => {
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
