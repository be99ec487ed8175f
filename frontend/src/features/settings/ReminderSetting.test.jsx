import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../components/ui/index.js'
import * as api from './api.js'
import ReminderSetting from './ReminderSetting.jsx'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  updateOrganization: vi.fn(),
}))
const auth = vi.hoisted(() => ({ user: null, refreshUser: vi.fn(() => Promise.resolve()) }))
vi.mock('../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const renderSetting = () =>
  render(
    <ToastProvider>
      <ReminderSetting />
    </ToastProvider>,
  )

describe('ReminderSetting', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    auth.user = { role: 'admin', organization: { remind_hours_before_expiry: null } }
  })

  it('is off by default and saves the chosen hours', async () => {
    api.updateOrganization.mockResolvedValue({})
    renderSetting()
    const select = screen.getByLabelText('Reminder email before the link expires')
    expect(select).toHaveValue('0')
    await userEvent.selectOptions(select, '24')
    expect(api.updateOrganization).toHaveBeenCalledWith({ remind_hours_before_expiry: 24 })
    expect(auth.refreshUser).toHaveBeenCalled()
    expect(await screen.findByText('Candidates will be reminded 24 hours before their link expires')).toBeInTheDocument()
  })

  it('turns reminders off with 0 and shows a refusal', async () => {
    auth.user.organization.remind_hours_before_expiry = 5
    api.updateOrganization.mockRejectedValue(new Error('remind_hours_before_expiry: greater than 72'))
    renderSetting()
    const select = screen.getByLabelText('Reminder email before the link expires')
    expect(select).toHaveValue('5')
    await userEvent.selectOptions(select, '0')
    expect(api.updateOrganization).toHaveBeenCalledWith({ remind_hours_before_expiry: 0 })
    expect(await screen.findByRole('alert')).toBeInTheDocument()
  })

  it('shows a member the setting without a way to change it', () => {
    auth.user = { role: 'member', organization: { remind_hours_before_expiry: 12 } }
    renderSetting()
    expect(screen.getByLabelText('Reminder email before the link expires')).toBeDisabled()
    expect(screen.getByText('Only an owner or an admin can change this.')).toBeInTheDocument()
  })
})
