import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../../components/ui/index.js'
import * as api from '../../api.js'
import InvitationActions from './InvitationActions.jsx'
import { extendedExpiry, forgetEmailStatus, invitationActions } from './invitationActions.js'

vi.mock('../../api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  resendInvitation: vi.fn(),
  extendAssessment: vi.fn(),
  reinviteCandidate: vi.fn(),
  cancelInvitation: vi.fn(),
  getEmailStatus: vi.fn(),
}))

const PENDING = { id: 4, status: 'pending', candidate_name: 'Ada', candidate_email: 'ada@example.com', expires_at: '2030-01-10T12:00:00Z' }

function setup(assessment) {
  const onChanged = vi.fn()
  render(
    <ToastProvider>
      <InvitationActions assessment={assessment} onChanged={onChanged} />
    </ToastProvider>,
  )
  return { user: userEvent.setup(), onChanged }
}

describe('InvitationActions', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    forgetEmailStatus()
    api.getEmailStatus.mockResolvedValue({ configured: false, transport: null })
  })

  it('offers what each status allows', () => {
    expect(invitationActions('pending')).toEqual(['resend', 'extend', 'cancel'])
    expect(invitationActions('expired')).toEqual(['reinvite'])
    expect(invitationActions('completed')).toEqual([])
  })

  it('extends from the later of now and the current expiry', () => {
    const now = new Date('2030-01-01T00:00:00Z')
    expect(extendedExpiry('2030-01-10T00:00:00Z', 3, now).toISOString()).toBe('2030-01-13T00:00:00.000Z')
    expect(extendedExpiry('2029-12-01T00:00:00Z', 3, now).toISOString()).toBe('2030-01-04T00:00:00.000Z')
  })

  it('resends after a confirmation and never says sent without email', async () => {
    api.resendInvitation.mockResolvedValue({})
    const { user, onChanged } = setup(PENDING)
    await user.click(screen.getByRole('button', { name: 'Resend for Ada' }))
    expect(api.resendInvitation).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Resend' }))
    expect(api.resendInvitation).toHaveBeenCalledWith(4)
    expect(await screen.findByText('Invitation saved; email is not set up: copy the link')).toBeInTheDocument()
    expect(onChanged).toHaveBeenCalled()
  })

  it('extends by the days chosen, shows the new expiry first and the answer after', async () => {
    api.extendAssessment.mockResolvedValue({ ...PENDING, expires_at: '2030-01-24T12:00:00Z' })
    const { user } = setup(PENDING)
    await user.click(screen.getByRole('button', { name: 'Extend for Ada' }))
    await user.selectOptions(screen.getByLabelText('Add'), '14')
    expect(screen.getByTestId('new-expiry')).toHaveTextContent('New expiry:')
    await user.click(screen.getByRole('button', { name: 'Extend' }))
    expect(api.extendAssessment).toHaveBeenCalledWith(4, 14)
    expect(await screen.findByText(/Extended\. Link valid until/)).toBeInTheDocument()
  })

  it('re-invites an expired candidate for the default week', async () => {
    api.reinviteCandidate.mockResolvedValue({ ...PENDING, expires_at: '2030-02-01T12:00:00Z' })
    const { user } = setup({ ...PENDING, status: 'expired' })
    await user.click(screen.getByRole('button', { name: 'Re-invite for Ada' }))
    await user.click(screen.getByRole('button', { name: 'Re-invite' }))
    expect(api.reinviteCandidate).toHaveBeenCalledWith(4, 7)
  })

  it('shows the refusal in the dialog', async () => {
    api.cancelInvitation.mockRejectedValue({ response: { status: 409, data: { detail: 'Already started' } } })
    const { user } = setup(PENDING)
    await user.click(screen.getByRole('button', { name: 'Cancel invitation for Ada' }))
    await user.click(screen.getByRole('button', { name: 'Cancel invitation' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Already started')
  })
})
