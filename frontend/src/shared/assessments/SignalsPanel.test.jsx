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

describe('evidence links', () => {
  const cited = {
    id: 'S7',
    title: 'Debugging approach',
    status: { status: 'scored', score: 6 },
    explanation: 'Reran after the failure [test run 2] and fixed it [snap 3→4].',
    evidence: [{ kind: 'test_run', id: 2, test: null }, { kind: 'snap_diff', from: 3, to: 4 }, { kind: 'run', id: 5 }],
  }
  const timeline = [{ ref: 'test run 2', t_ms: 125_000 }]

  it('shows the prose links as buttons with human labels, each item once, and opens the one clicked', async () => {
    const opened = []
    render(<SignalsPanel report={{ signals: [cited] }} timeline={timeline} onEvidence={(ref) => opened.push(ref)} />)
    const item = screen.getByTestId('signal')
    expect(item).not.toHaveTextContent('[test run 2]')
    const chip = screen.getByRole('button', { name: 'Test run #2 at 02:05 into the session' })
    expect(screen.getAllByRole('button', { name: /^Test run #2/ })).toHaveLength(1)
    expect(screen.getByRole('button', { name: 'Run #5' })).toBeInTheDocument()
    chip.click()
    expect(opened).toEqual([{ kind: 'test_run', id: 2, test: null }])
  })

  it('shows plain labels where nothing can be opened', () => {
    render(<SignalsPanel report={{ signals: [cited] }} />)
    expect(screen.queryByRole('button')).toBeNull()
    expect(screen.getByText('Code change 3→4')).toBeInTheDocument()
  })
})
