import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../components/ui/index.js'
import * as api from '../../shared/api.js'
import WorkableResults from './WorkableResults.jsx'

vi.mock('../../shared/api.js', async (importOriginal) => ({ ...(await importOriginal()), postToWorkable: vi.fn() }))
const auth = vi.hoisted(() => ({ user: null }))
vi.mock('../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const DONE = { id: 4, status: 'completed', task_name: 'Debugging', score: 7.5, completed_at: '2026-12-01T10:00:00Z', posted_to_workable: false }
const LIST = [
  DONE,
  { ...DONE, id: 5, task_name: 'Refactor', posted_to_workable: true, posted_to_workable_at: '2026-12-02T10:00:00Z' },
  { ...DONE, id: 6, task_name: 'RAG', workable_post_error: 'Workable answered 422' },
  { ...DONE, id: 7, status: 'pending', task_name: 'Not yet' },
]

const renderList = (connected, onPosted = vi.fn()) => {
  auth.user = { organization: { workable_connected: connected } }
  render(
    <ToastProvider>
      <WorkableResults assessments={LIST} onPosted={onPosted} />
    </ToastProvider>,
  )
  return onPosted
}

describe('WorkableResults', () => {
  beforeEach(() => vi.clearAllMocks())

  it('posts a completed result from the candidate page, once', async () => {
    api.postToWorkable.mockResolvedValue({ queued: true })
    const onPosted = renderList(true)
    const rows = screen.getAllByTestId('workable-result')
    expect(rows).toHaveLength(3)
    await userEvent.click(within(rows[0]).getByRole('button', { name: 'Post to Workable' }))
    expect(api.postToWorkable).toHaveBeenCalledWith(4)
    expect(onPosted).toHaveBeenCalled()
    expect(await screen.findByText('Posting the results to Workable…')).toBeInTheDocument()
    expect(within(rows[1]).getByRole('button', { name: 'Posted to Workable' })).toBeDisabled()
    expect(within(rows[2]).getByRole('button', { name: 'Retry posting to Workable' })).toBeEnabled()
    expect(within(rows[2]).getByRole('alert')).toHaveTextContent('Workable answered 422')
  })

  it('shows nothing when Workable is not connected', () => {
    renderList(false)
    expect(screen.queryByTestId('workable-result')).not.toBeInTheDocument()
  })
})
