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
})
