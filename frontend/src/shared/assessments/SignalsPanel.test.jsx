import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import SignalsPanel from './SignalsPanel.jsx'

const signal = { id: 'S2', title: 'Code quality', status: { status: 'scored', score: 7.5 }, explanation: 'Clean.', evidence: [] }

describe('the AI judges note', () => {
  it('says the review is still running', () => {
    render(<SignalsPanel report={{ signals: [signal], judges: { status: 'pending' } }} />)
    expect(screen.getByRole('status')).toHaveTextContent(/running; those scores may still change/)
  })

  it('says a failed review left the deterministic scores', () => {
    render(<SignalsPanel report={{ signals: [signal], judges: { status: 'failed' } }} />)
    expect(screen.getByRole('status')).toHaveTextContent(/failed.*deterministic scores/)
  })

  it('says no provider is configured', () => {
    render(<SignalsPanel report={{ signals: [signal], judges: { status: 'not_configured' } }} />)
    expect(screen.getByRole('status')).toHaveTextContent(/No AI provider is configured/)
  })

  it('says nothing once the judges are done', () => {
    render(<SignalsPanel report={{ signals: [signal], judges: { status: 'done' } }} />)
    expect(screen.queryByRole('status')).toBeNull()
    expect(screen.getByText('Code quality')).toBeInTheDocument()
  })
})
