import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../components/ui/index.js'
import * as download from '../../lib/download.js'
import * as router from '../../lib/router.js'
import * as api from './api.js'
import CandidatePrivacy from './CandidatePrivacy.jsx'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  exportCandidate: vi.fn(),
  eraseCandidate: vi.fn(),
}))
vi.mock('../../lib/download.js', () => ({ downloadBlob: vi.fn() }))
vi.mock('../../lib/router.js', async (importOriginal) => ({ ...(await importOriginal()), navigate: vi.fn() }))
const auth = vi.hoisted(() => ({ user: null }))
vi.mock('../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const candidate = { id: 7, email: 'ada@example.com', full_name: 'Ada Lovelace' }
const renderPrivacy = () =>
  render(
    <ToastProvider>
      <CandidatePrivacy candidate={candidate} />
    </ToastProvider>,
  )

describe('CandidatePrivacy', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    auth.user = { role: 'admin' }
  })

  it('downloads the export as a JSON file', async () => {
    api.exportCandidate.mockResolvedValue({ candidate: { email: 'ada@example.com' }, assessments: [] })
    renderPrivacy()
    await userEvent.click(screen.getByRole('button', { name: 'Export data' }))
    expect(api.exportCandidate).toHaveBeenCalledWith(7)
    expect(download.downloadBlob).toHaveBeenCalledTimes(1)
    const [blob, filename] = download.downloadBlob.mock.calls[0]
    expect(filename).toBe('tali-candidate-7.json')
    expect(blob.type).toBe('application/json')
    expect(JSON.parse(await blob.text()).candidate.email).toBe('ada@example.com')
    expect(await screen.findByText('Candidate data exported')).toBeInTheDocument()
  })

  it('erases only once the email is typed, then leaves the page', async () => {
    api.eraseCandidate.mockResolvedValue({ removed: {} })
    renderPrivacy()
    await userEvent.click(screen.getByRole('button', { name: 'Erase data' }))
    const erase = screen.getByRole('button', { name: 'Erase permanently' })
    expect(erase).toBeDisabled()
    const input = screen.getByLabelText('Type ada@example.com to confirm')
    await userEvent.type(input, 'ada@example.co')
    expect(erase).toBeDisabled()
    await userEvent.type(input, 'M ')
    expect(erase).toBeEnabled()
    await userEvent.click(erase)
    expect(api.eraseCandidate).toHaveBeenCalledWith(7, 'ada@example.coM')
    expect(router.navigate).toHaveBeenCalledWith('/candidates')
  })

  it('shows the refusal and stays', async () => {
    api.eraseCandidate.mockRejectedValue({ response: { status: 409, data: { detail: 'This candidate has an assessment that is pending or in progress.' } } })
    renderPrivacy()
    await userEvent.click(screen.getByRole('button', { name: 'Erase data' }))
    await userEvent.type(screen.getByLabelText('Type ada@example.com to confirm'), 'ada@example.com')
    await userEvent.click(screen.getByRole('button', { name: 'Erase permanently' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('pending or in progress')
    expect(router.navigate).not.toHaveBeenCalled()
  })

  it('offers nothing to a member', () => {
    auth.user = { role: 'member' }
    renderPrivacy()
    expect(screen.queryByRole('button', { name: 'Export data' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Erase data' })).not.toBeInTheDocument()
  })
})
