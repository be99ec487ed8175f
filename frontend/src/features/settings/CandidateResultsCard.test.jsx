import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../components/ui/index.js'
import * as api from './api.js'
import CandidateResultsCard from './CandidateResultsCard.jsx'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  updateOrganization: vi.fn(),
}))
const auth = vi.hoisted(() => ({ user: null, refreshUser: vi.fn(() => Promise.resolve()) }))
vi.mock('../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const renderCard = (role) => {
  auth.user = { role, organization: { show_candidates_their_score: false, remind_hours_before_expiry: null } }
  return render(
    <ToastProvider>
      <CandidateResultsCard />
    </ToastProvider>,
  )
}

const checkbox = () => screen.getByRole('checkbox', { name: /Show candidates their score/ })

describe('CandidateResultsCard', () => {
  beforeEach(() => vi.clearAllMocks())

  it('lets an admin turn the score on', async () => {
    api.updateOrganization.mockResolvedValue({})
    renderCard('admin')
    expect(checkbox()).toBeEnabled()
    expect(screen.queryByTestId('results-read-only')).not.toBeInTheDocument()
    await userEvent.click(checkbox())
    expect(api.updateOrganization).toHaveBeenCalledWith({ show_candidates_their_score: true })
    expect(await screen.findByText('Candidates will see their score after submitting')).toBeInTheDocument()
  })

  it('shows a member the setting read-only with who may change it', async () => {
    renderCard('member')
    expect(checkbox()).toBeDisabled()
    expect(screen.getByTestId('results-read-only')).toHaveTextContent('Only an owner or an admin can change this.')
    await userEvent.click(checkbox())
    expect(api.updateOrganization).not.toHaveBeenCalled()
  })
})
