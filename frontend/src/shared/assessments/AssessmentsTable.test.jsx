import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import AssessmentsTable from './AssessmentsTable.jsx'

const row = (overrides) => ({
  id: 1,
  token: 'tok-1',
  status: 'completed',
  candidate_name: 'Ada Lovelace',
  candidate_email: 'ada@example.com',
  task_name: 'Debugging Challenge',
  score: 8.7,
  started_at: '2026-11-01T10:00:00Z',
  completed_at: '2026-11-01T10:23:00Z',
  ...overrides,
})

describe('AssessmentsTable', () => {
  it('shows name, email, coloured score, time and a View action for completed rows', () => {
    render(<AssessmentsTable items={[row()]} />)
    const r = screen.getAllByRole('row')[1]
    expect(within(r).getByText('Ada Lovelace')).toBeInTheDocument()
    expect(within(r).getByText('ada@example.com')).toBeInTheDocument()
    expect(within(r).getByText('8.7/10')).toHaveAttribute('data-tone', 'green')
    expect(within(r).getByText('23 min')).toBeInTheDocument()
    expect(within(r).getByRole('link', { name: 'View' })).toHaveAttribute('href', '#/assessments/1')
  })

  it.each([
    ['pending', 'Pending', 'gray'],
    ['in_progress', 'In progress', 'blue'],
    ['completed', 'Completed', 'green'],
  ])('renders %s as a %s badge coloured %s', (status, label, tone) => {
    render(<AssessmentsTable items={[row({ status, score: null })]} />)
    expect(screen.getByText(label)).toHaveAttribute('data-tone', tone)
  })

  it('has no View action or score for a pending row but offers its link', () => {
    render(<AssessmentsTable items={[row({ status: 'pending', score: null, completed_at: null })]} />)
    expect(screen.queryByRole('link', { name: 'View' })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Copy link' })).toBeInTheDocument()
  })

  it('copies origin/#/assess/{token} with the Copy link button', async () => {
    const user = userEvent.setup()
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    render(<AssessmentsTable items={[row({ status: 'pending', token: 'abc123' })]} />)
    await user.click(screen.getByRole('button', { name: 'Copy link' }))
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/#/assess/abc123`)
    expect(await screen.findByRole('button', { name: 'Copied!' })).toBeInTheDocument()
  })

  it('sorts from its headers: aria-sort says the order, a click asks for the next', async () => {
    const user = userEvent.setup()
    const onSort = vi.fn()
    render(<AssessmentsTable items={[row()]} sort="-score" onSort={onSort} />)
    const score = screen.getByRole('columnheader', { name: /Score/ })
    expect(score).toHaveAttribute('aria-sort', 'descending')
    expect(screen.getByRole('columnheader', { name: /Candidate/ })).toHaveAttribute('aria-sort', 'none')
    expect(screen.getByRole('columnheader', { name: 'Task' })).not.toHaveAttribute('aria-sort')
    await user.click(within(score).getByRole('button'))
    expect(onSort).toHaveBeenLastCalledWith('score')
    // A new column starts its natural way: names A to Z, scores best first.
    await user.click(screen.getByRole('button', { name: /Candidate/ }))
    expect(onSort).toHaveBeenLastCalledWith('candidate_name')
  })

  it('picks rows to compare only when they can be compared', async () => {
    const user = userEvent.setup()
    const toggle = vi.fn()
    const selection = { selected: new Set([1]), blocked: (a) => (a.status === 'completed' ? null : 'Only completed assessments can be compared'), toggle }
    render(<AssessmentsTable items={[row(), row({ id: 2, status: 'pending', candidate_name: 'Bo' })]} selection={selection} />)
    expect(screen.getByRole('checkbox', { name: 'Compare Ada Lovelace' })).toBeChecked()
    const pending = screen.getByRole('checkbox', { name: 'Compare Bo' })
    expect(pending).toBeDisabled()
    expect(pending).toHaveAttribute('title', 'Only completed assessments can be compared')
    await user.click(screen.getByRole('checkbox', { name: 'Compare Ada Lovelace' }))
    expect(toggle).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }))
  })

  it('badges a row that needs review, with the reason as its tooltip and for screen readers', () => {
    const reason = '87 % of the submitted code matches the submission of Alan Turing (assessment 3)'
    render(<AssessmentsTable items={[row({ needs_review: true, review_reason: reason }), row({ id: 2, candidate_name: 'Bo', needs_review: false, review_reason: null })]} />)
    const [, flagged, clear] = screen.getAllByRole('row')
    const badge = within(flagged).getByTestId('needs-review-badge')
    expect(badge).toHaveAttribute('title', reason)
    expect(badge).toHaveAttribute('data-tone', 'purple')
    expect(badge).toHaveTextContent(`Needs review: ${reason}`)
    expect(within(clear).queryByTestId('needs-review-badge')).not.toBeInTheDocument()
  })
})
