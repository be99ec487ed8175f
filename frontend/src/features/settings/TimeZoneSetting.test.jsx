import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../components/ui/index.js'
import * as api from './api.js'
import TimeZoneSetting from './TimeZoneSetting.jsx'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  updateOrganization: vi.fn(),
}))
const auth = vi.hoisted(() => ({ user: null, refreshUser: vi.fn(() => Promise.resolve()) }))
vi.mock('../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const renderSetting = () =>
  render(
    <ToastProvider>
      <TimeZoneSetting />
    </ToastProvider>,
  )

describe('TimeZoneSetting', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    auth.user = { role: 'admin', organization: { time_zone: 'UTC' } }
  })

  it('shows UTC by default and saves the chosen zone', async () => {
    api.updateOrganization.mockResolvedValue({})
    renderSetting()
    const select = screen.getByLabelText('Time zone')
    expect(select).toHaveValue('UTC')
    await userEvent.selectOptions(select, 'Europe/Berlin')
    expect(api.updateOrganization).toHaveBeenCalledWith({ time_zone: 'Europe/Berlin' })
    expect(auth.refreshUser).toHaveBeenCalled()
    expect(await screen.findByText('Reports and emails now show times in Europe/Berlin')).toBeInTheDocument()
  })

  it('keeps a stored zone as a choice and shows a refusal', async () => {
    auth.user.organization.time_zone = 'Etc/GMT+5'
    api.updateOrganization.mockRejectedValue(new Error('time_zone: must be an IANA time zone name'))
    renderSetting()
    const select = screen.getByLabelText('Time zone')
    expect(select).toHaveValue('Etc/GMT+5')
    await userEvent.selectOptions(select, 'UTC')
    expect(await screen.findByRole('alert')).toBeInTheDocument()
  })

  it('shows a member the zone without a way to change it', () => {
    auth.user = { role: 'member', organization: { time_zone: 'Asia/Tokyo' } }
    renderSetting()
    expect(screen.getByLabelText('Time zone')).toBeDisabled()
    expect(screen.getByLabelText('Time zone')).toHaveValue('Asia/Tokyo')
  })
})
