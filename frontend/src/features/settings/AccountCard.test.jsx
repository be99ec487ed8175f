import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../components/ui/index.js'
import AccountCard from './AccountCard.jsx'
import * as api from './api.js'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  updateAccount: vi.fn(),
  changePassword: vi.fn(),
}))
const auth = vi.hoisted(() => ({ user: null, refreshUser: vi.fn(() => Promise.resolve()) }))
vi.mock('../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const renderCard = () => {
  auth.user = { full_name: 'Ada Recruiter', email: 'ada@example.com', role: 'member' }
  return render(
    <ToastProvider>
      <AccountCard />
    </ToastProvider>,
  )
}

const refusal = (status, detail, errors) => ({ response: { status, data: { detail, errors } } })

describe('AccountCard', () => {
  beforeEach(() => vi.clearAllMocks())

  it('saves only the changed name and refreshes the user', async () => {
    api.updateAccount.mockResolvedValue({})
    renderCard()
    const save = screen.getByRole('button', { name: 'Save' })
    expect(save).toBeDisabled()
    const name = screen.getByLabelText('Name')
    await userEvent.clear(name)
    await userEvent.type(name, '  Ada Lovelace ')
    await userEvent.click(save)
    expect(api.updateAccount).toHaveBeenCalledWith({ full_name: 'Ada Lovelace' })
    expect(auth.refreshUser).toHaveBeenCalled()
    expect(await screen.findByText('Account saved')).toBeInTheDocument()
  })

  it('shows the server refusing a taken email', async () => {
    api.updateAccount.mockRejectedValue(refusal(400, 'Email already registered'))
    renderCard()
    const email = screen.getByLabelText('Email')
    await userEvent.clear(email)
    await userEvent.type(email, 'taken@example.com')
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(api.updateAccount).toHaveBeenCalledWith({ email: 'taken@example.com' })
    expect(await screen.findByText('Email already registered')).toBeInTheDocument()
    expect(auth.refreshUser).not.toHaveBeenCalled()
  })

  it('checks the new password and its confirmation before asking the server', async () => {
    renderCard()
    await userEvent.type(screen.getByLabelText('Current password'), 'old password')
    await userEvent.type(screen.getByLabelText('New password'), 'short')
    await userEvent.type(screen.getByLabelText('Confirm new password'), 'other')
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }))
    expect(screen.getByText('Use 8 to 128 characters')).toBeInTheDocument()
    expect(screen.getByText('The passwords do not match')).toBeInTheDocument()
    expect(api.changePassword).not.toHaveBeenCalled()
  })

  it('changes the password, or says the current one is wrong', async () => {
    api.changePassword.mockRejectedValueOnce(refusal(400, 'Current password is incorrect'))
    api.changePassword.mockResolvedValueOnce({ access_token: 'new-token' })
    renderCard()
    const current = screen.getByLabelText('Current password')
    await userEvent.type(current, 'wrong password')
    await userEvent.type(screen.getByLabelText('New password'), 'a new passphrase')
    await userEvent.type(screen.getByLabelText('Confirm new password'), 'a new passphrase')
    const submit = screen.getByRole('button', { name: 'Change password' })
    await userEvent.click(submit)
    expect(await screen.findByText('Current password is incorrect')).toBeInTheDocument()
    await userEvent.clear(current)
    await userEvent.type(current, 'right password')
    await userEvent.click(submit)
    expect(api.changePassword).toHaveBeenLastCalledWith({
      current_password: 'right password',
      new_password: 'a new passphrase',
    })
    expect(await screen.findByText('Password changed. Other devices were signed out.')).toBeInTheDocument()
    expect(current).toHaveValue('')
  })
})
