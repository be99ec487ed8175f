import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from './api.js'
import AcceptInvitationPage from './AcceptInvitationPage.jsx'

vi.mock('./api.js', () => ({ getInvitation: vi.fn(), acceptInvitation: vi.fn() }))
const auth = vi.hoisted(() => ({ user: null, logout: vi.fn() }))
vi.mock('../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const INVITE = {
  email: 'grace@acme.test',
  organization_name: 'Acme',
  invited_by: 'Ada Owner',
  role: 'admin',
  expires_at: '2026-12-11T09:00:00Z',
  needs_password: true,
}

const page = (token = 'tok') => render(<AcceptInvitationPage query={new URLSearchParams(token ? `token=${token}` : '')} />)

describe('AcceptInvitationPage', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    auth.user = null
  })

  it('creates the account with a name and a password, then goes to the login page', async () => {
    const user = userEvent.setup()
    api.getInvitation.mockResolvedValue(INVITE)
    api.acceptInvitation.mockResolvedValue({ detail: 'You joined Acme.' })
    page()
    expect(await screen.findByTestId('invitation-summary')).toHaveTextContent(
      'Ada Owner invited grace@acme.test to join Acme as Admin.',
    )
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }))
    expect(screen.getByText('Enter your name')).toBeInTheDocument()
    expect(api.acceptInvitation).not.toHaveBeenCalled()
    await user.type(screen.getByLabelText('Full name'), 'Grace Hopper')
    await user.type(screen.getByLabelText('Password'), 'a long password')
    await user.type(screen.getByLabelText('Confirm password'), 'a long password')
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }))
    expect(api.acceptInvitation).toHaveBeenCalledWith({ token: 'tok', full_name: 'Grace Hopper', password: 'a long password' })
    await vi.waitFor(() => expect(window.location.hash).toBe('#/login?joined=1&email=grace%40acme.test'))
  })

  it('lets an existing account join without a password', async () => {
    const user = userEvent.setup()
    api.getInvitation.mockResolvedValue({ ...INVITE, needs_password: false })
    api.acceptInvitation.mockResolvedValue({ detail: 'You joined Acme.' })
    page()
    expect(await screen.findByText(/You already have a TALI account/)).toBeInTheDocument()
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }))
    expect(api.acceptInvitation).toHaveBeenCalledWith({ token: 'tok' })
  })

  it('says why a link no longer works', async () => {
    api.getInvitation.mockRejectedValue({ response: { status: 410, data: { detail: 'This invitation has expired: ask for a new one' } } })
    page()
    expect(await screen.findByRole('alert')).toHaveTextContent('This invitation has expired: ask for a new one')
    expect(screen.queryByRole('button', { name: 'Accept invitation' })).not.toBeInTheDocument()
  })

  it('says a link without its token cannot be used', () => {
    page('')
    expect(screen.getByRole('alert')).toHaveTextContent('missing its token')
    expect(api.getInvitation).not.toHaveBeenCalled()
  })
})
