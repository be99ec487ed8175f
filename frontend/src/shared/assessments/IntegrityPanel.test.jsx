import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import IntegrityPanel from './IntegrityPanel.jsx'

const REPORT = {
  review: { band: 'review', count: 2 },
  flags: [
    { kind: 'external_paste', severity: 'high', explanation: 'To verify: 900 characters pasted at 04:10 match nothing in the session [paste 1].', evidence: [{ kind: 'paste', index: 1 }] },
    { kind: 'focus_loss', severity: 'medium', explanation: 'To verify: the editor lost focus for 02:30.', evidence: [] },
  ],
  signals: [],
}

describe('IntegrityPanel', () => {
  it('shows the band with its reason and each item in plain words', () => {
    render(<IntegrityPanel report={REPORT} timeline={[]} onEvidence={() => {}} />)
    const band = screen.getByTestId('review-band')
    expect(band).toHaveTextContent('Needs review')
    expect(band).toHaveTextContent('2 items to check, 1 of them marked for a closer look')
    const items = screen.getAllByTestId('integrity-item')
    expect(within(items[0]).getByText('Pasted code from outside the session')).toBeInTheDocument()
    expect(within(items[0]).getByText('Closer look')).toBeInTheDocument()
    expect(within(items[1]).getByText('Time away from the editor')).toBeInTheDocument()
    expect(screen.getByText(/not conclusions/)).toBeInTheDocument()
  })

  it('links an item to its moment through the evidence chips', async () => {
    const onEvidence = vi.fn()
    render(<IntegrityPanel report={REPORT} timeline={[]} onEvidence={onEvidence} />)
    const chip = within(screen.getAllByTestId('integrity-item')[0]).getByRole('button')
    await userEvent.setup().click(chip)
    expect(onEvidence).toHaveBeenCalled()
  })

  it('says when there is nothing to check', () => {
    render(<IntegrityPanel report={{ review: { band: 'none', count: 0 }, flags: [] }} />)
    expect(screen.getByTestId('review-band')).toHaveTextContent('Nothing to check')
    expect(screen.queryByTestId('integrity-item')).not.toBeInTheDocument()
  })

  it('lists every paste with its size, source and moment, and every absence with how long it lasted', async () => {
    const onEvidence = vi.fn()
    const report = {
      ...REPORT,
      pastes: [
        { index: 1, t_ms: 61000, chars: 1200, source: 'ai', kept: true },
        { index: 2, t_ms: 250000, chars: 900, source: 'external', kept: true },
        { index: 3, t_ms: 300000, chars: 14, source: 'own', kept: false },
      ],
      absences: [{ index: 1, lost_ms: 120000, regained_ms: 270000 }],
    }
    render(<IntegrityPanel report={report} timeline={[]} onEvidence={onEvidence} />)
    const rows = screen.getAllByTestId('paste-row')
    expect(rows).toHaveLength(3)
    expect(rows[0]).toHaveTextContent('Paste #1 at 01:01')
    expect(rows[0]).toHaveTextContent('1,200 characters')
    expect(rows[0]).toHaveTextContent('From an AI reply')
    expect(rows[1]).toHaveTextContent('From outside the session')
    expect(rows[2]).toHaveTextContent('own code or the task · removed before the next save')
    const away = screen.getByTestId('absence-row')
    expect(away).toHaveTextContent('Left the tab #1 at 02:00')
    expect(away).toHaveTextContent('away 2 min 30 s')
    const user = userEvent.setup()
    await user.click(within(rows[1]).getByRole('button'))
    expect(onEvidence).toHaveBeenLastCalledWith({ kind: 'paste', index: 2 })
    await user.click(within(away).getByRole('button'))
    expect(onEvidence).toHaveBeenLastCalledWith({ kind: 'focus', index: 1 })
  })

  it('says so when the session had no paste and no time away, and lists nothing for older reports', () => {
    const { rerender } = render(<IntegrityPanel report={{ ...REPORT, pastes: [], absences: [] }} timeline={[]} onEvidence={() => {}} />)
    expect(screen.getByText('No pastes in this session.')).toBeInTheDocument()
    expect(screen.getByText('The candidate never left the assessment tab.')).toBeInTheDocument()
    rerender(<IntegrityPanel report={REPORT} timeline={[]} onEvidence={() => {}} />)
    expect(screen.queryByText(/Pastes \(/)).not.toBeInTheDocument()
  })
})
