import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from './api.js'
import RegisterPage from './RegisterPage.jsx'

vi.mock('./api.js', () => ({ register: vi.fn() }))

async function fill(user, { name = 'Ada Lovelace', email = 'ada@example.com', password = 'longenough', confirm = 'longenough', org = '' } = {}) {
  if (name) await user.type(screen.getByLabelText('Full name'), name)
  if (email) await user.type(screen.getByLabelText('Email'), email)
  if (password) await user.type(screen.getByLabelText('Password'), password)
  if (confirm) await user.type(screen.getByLabelText('Confirm password'), confirm)
  if (org) await user.type(screen.getByLabelText('Organization name (optional)'), org)
  await user.click(screen.getByRole('button', { name: 'Create account' }))
}

describe('RegisterPage', () => {
  // Braces matter: a function returned from beforeEach would be run as a cleanup hook.
  beforeEach(() => {
    vi.mocked(api.register).mockReset()
  })

  it('shows short and mismatched password errors without calling the API', async () => {
    const user = userEvent.setup()
    render(<RegisterPage />)
    await fill(user, { password: 'short', confirm: 'shorter' })
    expect(screen.getByText('Password must be at least 8 characters')).toBeInTheDocument()
    expect(screen.getByText('Passwords do not match')).toBeInTheDocument()
    expect(api.register).not.toHaveBeenCalled()
  })

  it('shows "Email already registered" from the API', async () => {
    api.register.mockRejectedValue({ response: { status: 400, data: { detail: 'Email already registered' } } })
    const user = userEvent.setup()
    render(<RegisterPage />)
    await fill(user)
    expect(await screen.findByRole('alert')).toHaveTextContent('Email already registered')
    expect(window.location.hash).not.toContain('login')
  })

  it('sends the organization only when given and goes to login with a success flag', async () => {
    api.register.mockResolvedValue({ id: 1 })
    const user = userEvent.setup()
    render(<RegisterPage />)
    await fill(user, { org: 'Acme' })
    await vi.waitFor(() => expect(window.location.hash).toBe('#/login?registered=1'))
    expect(api.register).toHaveBeenCalledWith({ full_name: 'Ada Lovelace', email: 'ada@example.com', password: 'longenough', organization_name: 'Acme' })
  })
})
