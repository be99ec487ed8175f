import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../api.js'
import ActivityList from './ActivityList.jsx'

vi.mock('../api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  getWorkableActivity: vi.fn(),
}))

const row = (id, name, extra = {}) => ({
  id,
  candidate_name: name,
  workable_candidate_id: `c${id}`,
  job_shortcode: 'ACME001',
  stage_slug: 'assessment',
  status: 'invited',
  assessment_id: id * 10,
  error: null,
  created_at: '2026-12-04T10:00:00Z',
  ...extra,
})

describe('ActivityList', () => {
  beforeEach(() => vi.clearAllMocks())

  it('loads the next page after the last row and stops at the end', async () => {
    const user = userEvent.setup()
    api.getWorkableActivity
      .mockResolvedValueOnce({ items: [row(3, 'Ada'), row(2, 'Lin')], total: 3, next_cursor: 'k2' })
      .mockResolvedValueOnce({
        items: [row(1, 'Grace', { status: 'failed', assessment_id: null, error: 'No credits left' })],
        total: 3,
        next_cursor: null,
      })
    render(<ActivityList />)
    expect(await screen.findByText('Ada')).toBeInTheDocument()
    expect(screen.getByText('Showing the latest 2 of 3.')).toBeInTheDocument()
    expect(api.getWorkableActivity).toHaveBeenCalledWith()

    await user.click(screen.getByRole('button', { name: 'Load more' }))
    expect(await screen.findByText('Grace')).toBeInTheDocument()
    expect(api.getWorkableActivity).toHaveBeenLastCalledWith('k2')
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringContaining('Ada'),
      expect.stringContaining('Lin'),
      expect.stringContaining('No credits left'),
    ])
    expect(screen.queryByText(/Showing the latest/)).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument()
  })

  it('keeps the rows shown when the next page fails', async () => {
    const user = userEvent.setup()
    api.getWorkableActivity
      .mockResolvedValueOnce({ items: [row(2, 'Lin')], total: 2, next_cursor: 'k2' })
      .mockRejectedValueOnce({ response: { data: { detail: 'cursor: is not a cursor this list gave out' } } })
    render(<ActivityList />)
    await user.click(await screen.findByRole('button', { name: 'Load more' }))
    expect(await screen.findByText(/is not a cursor this list gave out/)).toBeInTheDocument()
    expect(screen.getByText('Lin')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Load more' })).toBeEnabled()
  })
})
