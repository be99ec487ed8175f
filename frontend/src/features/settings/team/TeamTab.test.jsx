import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../../components/ui/index.js'
import * as api from './api.js'
import TeamTab from './TeamTab.jsx'

vi.mock('./api.js', () => ({
  listMembers: vi.fn(),
  changeRole: vi.fn(),
  removeMember: vi.fn(),
  listInvitations: vi.fn(),
  inviteColleague: vi.fn(),
  resendInvitation: vi.fn(),
  cancelInvitation: vi.fn(),
  leaveTeam: vi.fn(),
  transferOwnership: vi.fn(),
}))
const auth = vi.hoisted(() => ({ user: null, refreshUser: () => Promise.resolve(), logout: () => Promise.resolve() }))
vi.mock('../../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const OWNER = { id: 1, email: 'ada@acme.test', full_name: 'Ada Owner', role: 'owner', created_at: '2026-12-01T09:00:00Z' }
const ADMIN = { id: 2, email: 'grace@acme.test', full_name: 'Grace Admin', role: 'admin', created_at: '2026-12-02T09:00:00Z' }
const MEMBER = { id: 3, email: 'lin@acme.test', full_name: 'Lin Member', role: 'member', created_at: '2026-12-03T09:00:00Z' }
const PENDING = {
  id: 9,
  email: 'new@acme.test',
  role: 'member',
  status: 'pending',
  invited_by: 'Ada Owner',
  expires_at: '2026-12-11T09:00:00Z',
  created_at: '2026-12-04T09:00:00Z',
}

function renderTab(user) {
  auth.user = user
  return render(
    <ToastProvider>
      <TeamTab />
    </ToastProvider>,
  )
}

describe('TeamTab', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    api.listMembers.mockResolvedValue([OWNER, ADMIN, MEMBER])
    api.listInvitations.mockResolvedValue([PENDING])
  })

  it('invites a colleague with a role and lists the invitation', async () => {
    const user = userEvent.setup()
    api.inviteColleague.mockResolvedValue({ ...PENDING, id: 10, email: 'bo@acme.test', role: 'admin' })
    renderTab(OWNER)
    expect(await screen.findByText('new@acme.test')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Invite' }))
    expect(screen.getByText('Email is required')).toBeInTheDocument()
    await user.type(screen.getByLabelText("Colleague's email"), 'bo@acme.test')
    const roles = within(screen.getByLabelText('Role')).getAllByRole('option').map((o) => o.value)
    expect(roles).toEqual(['member', 'admin', 'owner'])
    await user.selectOptions(screen.getByLabelText('Role'), 'admin')
    await user.click(screen.getByRole('button', { name: 'Invite' }))
    expect(api.inviteColleague).toHaveBeenCalledWith('bo@acme.test', 'admin')
    expect(await screen.findByText(/Invitation to bo@acme.test saved/)).toBeInTheDocument()
    expect(api.listInvitations).toHaveBeenCalledTimes(2)
  })

  it('shows the server refusing to demote the last owner', async () => {
    const user = userEvent.setup()
    api.changeRole.mockRejectedValue({
      response: { status: 409, data: { detail: 'Ada Owner is the organization\'s last owner and cannot be demoted: make another member an owner first' } },
    })
    renderTab(OWNER)
    await user.selectOptions(await screen.findByLabelText('Role of Ada Owner'), 'member')
    expect(api.changeRole).toHaveBeenCalledWith(1, 'member')
    expect(await screen.findByRole('alert')).toHaveTextContent("last owner and cannot be demoted")
  })

  it('asks before removing a member, and before cancelling an invitation', async () => {
    const user = userEvent.setup()
    api.removeMember.mockResolvedValue(null)
    api.cancelInvitation.mockResolvedValue(null)
    renderTab(OWNER)
    const row = (await screen.findByText('Lin Member')).closest('tr')
    await user.click(within(row).getByRole('button', { name: 'Remove' }))
    const dialog = screen.getByRole('dialog')
    expect(dialog).toHaveTextContent('signed out at once')
    expect(api.removeMember).not.toHaveBeenCalled()
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }))
    expect(api.removeMember).toHaveBeenCalledWith(3)

    const invitation = screen.getByText('new@acme.test').closest('tr')
    await user.click(within(invitation).getByRole('button', { name: 'Cancel invitation' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel invitation' }))
    expect(api.cancelInvitation).toHaveBeenCalledWith(9)
  })

  it('lets an admin manage admins and members but not the owner', async () => {
    renderTab(ADMIN)
    await screen.findByText('Lin Member')
    const ownerRow = screen.getByText('ada@acme.test').closest('tr')
    expect(within(ownerRow).queryByRole('combobox')).not.toBeInTheDocument()
    expect(within(ownerRow).queryByRole('button', { name: 'Remove' })).not.toBeInTheDocument()
    const memberRoles = within(screen.getByLabelText('Role of Lin Member')).getAllByRole('option').map((o) => o.value)
    expect(memberRoles).toEqual(['member', 'admin'])
  })

  it('shows a member the team, read-only', async () => {
    renderTab(MEMBER)
    expect(await screen.findByText('Ada Owner')).toBeInTheDocument()
    expect(screen.getByTestId('team-read-only')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Invite' })).not.toBeInTheDocument()
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Remove' })).not.toBeInTheDocument()
    expect(api.listInvitations).not.toHaveBeenCalled()
  })

  it('lets the owner hand ownership to a colleague after confirming', async () => {
    const user = userEvent.setup()
    api.transferOwnership.mockResolvedValue([{ ...ADMIN, role: 'owner' }, { ...OWNER, role: 'admin' }, MEMBER])
    renderTab(OWNER)
    const ownRow = (await screen.findByText('ada@acme.test')).closest('tr')
    expect(within(ownRow).queryByRole('button', { name: 'Transfer ownership' })).not.toBeInTheDocument()
    const row = screen.getByText('grace@acme.test').closest('tr')
    await user.click(within(row).getByRole('button', { name: 'Transfer ownership' }))
    const dialog = screen.getByRole('dialog')
    expect(dialog).toHaveTextContent('You will become an admin')
    expect(api.transferOwnership).not.toHaveBeenCalled()
    await user.click(within(dialog).getByRole('button', { name: 'Transfer ownership' }))
    expect(api.transferOwnership).toHaveBeenCalledWith(2)
    expect(await screen.findByText(/Grace Admin now owns the organization/)).toBeInTheDocument()
    expect(api.listMembers).toHaveBeenCalledTimes(2)
  })

  it('offers transfer to no one but an owner', async () => {
    renderTab(ADMIN)
    await screen.findByText('Lin Member')
    expect(screen.queryByRole('button', { name: 'Transfer ownership' })).not.toBeInTheDocument()
  })

  it('lets a member leave after confirming, then signs them out', async () => {
    const user = userEvent.setup()
    const logout = vi.spyOn(auth, 'logout')
    api.leaveTeam.mockResolvedValue(null)
    renderTab(MEMBER)
    await screen.findByText('Lin Member')
    await user.click(screen.getByRole('button', { name: 'Leave the team' }))
    expect(api.leaveTeam).not.toHaveBeenCalled()
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Leave' }))
    expect(api.leaveTeam).toHaveBeenCalled()
    expect(logout).toHaveBeenCalled()
    expect(window.location.hash).toBe('#/')
  })

  it('shows the server refusing the last owner leaving, in the dialog', async () => {
    const user = userEvent.setup()
    const logout = vi.spyOn(auth, 'logout')
    api.leaveTeam.mockRejectedValue({
      response: { status: 409, data: { detail: "Ada Owner is the organization's last owner and cannot leave the team: make another member an owner first" } },
    })
    renderTab(OWNER)
    await screen.findByText('Lin Member')
    await user.click(screen.getByRole('button', { name: 'Leave the team' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Leave' }))
    expect(await within(screen.getByRole('dialog')).findByText(/cannot leave the team/)).toBeInTheDocument()
    expect(logout).not.toHaveBeenCalled()
  })
})
