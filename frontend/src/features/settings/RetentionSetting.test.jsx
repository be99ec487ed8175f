import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../components/ui/index.js'
import * as api from './api.js'
import RetentionSetting from './RetentionSetting.jsx'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  updateOrganization: vi.fn(),
}))
const auth = vi.hoisted(() => ({ user: null, refreshUser: vi.fn(() => Promise.resolve()) }))
vi.mock('../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const renderSetting = () =>
  render(
    <ToastProvider>
      <RetentionSetting />
    </ToastProvider>,
  )

describe('RetentionSetting', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    auth.user = { role: 'owner', organization: { retention_months: 12 } }
  })

  it('shows the 12-month default and saves another period', async () => {
    api.updateOrganization.mockResolvedValue({})
    renderSetting()
    const select = screen.getByLabelText('Keep candidate data for')
    expect(select).toHaveValue('12')
    expect(screen.queryByRole('option', { name: /off/i })).not.toBeInTheDocument()
    await userEvent.selectOptions(select, '6')
    expect(api.updateOrganization).toHaveBeenCalledWith({ retention_months: 6 })
    expect(auth.refreshUser).toHaveBeenCalled()
    expect(await screen.findByText('Candidate data will be erased 6 months after their last assessment')).toBeInTheDocument()
  })

  it('offers a saved period outside the usual choices and shows a refusal', async () => {
    auth.user.organization.retention_months = 7
    api.updateOrganization.mockRejectedValue({ response: { status: 422, data: { detail: 'retention_months: greater than 120' } } })
    renderSetting()
    const select = screen.getByLabelText('Keep candidate data for')
    expect(select).toHaveValue('7')
    await userEvent.selectOptions(select, '120')
    expect(await screen.findByRole('alert')).toHaveTextContent('retention_months')
  })

  it('lets a member see the period but not change it', () => {
    auth.user = { role: 'member', organization: { retention_months: 24 } }
    renderSetting()
    expect(screen.getByLabelText('Keep candidate data for')).toBeDisabled()
    expect(screen.getByText('Only an owner or an admin can change this.')).toBeInTheDocument()
  })
})
