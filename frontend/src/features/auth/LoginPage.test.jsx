import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AuthProvider } from '../../context/AuthContext.jsx'
import * as authApi from '../../context/authApi.js'
import { TOKEN_KEY } from '../../lib/session.js'
import LoginPage from './LoginPage.jsx'

vi.mock('../../context/authApi.js', () => ({ login: vi.fn(), me: vi.fn() }))

const renderPage = (query = new URLSearchParams()) =>
  render(
    <AuthProvider>
      <LoginPage query={query} />
    </AuthProvider>,
  )

describe('LoginPage', () => {
  beforeEach(() => {
    vi.mocked(authApi.login).mockReset()
  })

  it('rejects an invalid email before calling the API', async () => {
    const user = userEvent.setup()
    renderPage()
    await user.type(screen.getByLabelText('Email'), 'not-an-email')
    await user.type(screen.getByLabelText('Password'), 'secret123')
    await user.click(screen.getByRole('button', { name: 'Log in' }))
    expect(screen.getByText('Enter a valid email address')).toBeInTheDocument()
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true')
    expect(authApi.login).not.toHaveBeenCalled()
  })

  it('shows the API error when login fails', async () => {
    authApi.login.mockRejectedValue({ response: { status: 401, data: { detail: 'Incorrect email or password' } } })
    const user = userEvent.setup()
    renderPage()
    await user.type(screen.getByLabelText('Email'), 'dev@example.com')
    await user.type(screen.getByLabelText('Password'), 'wrong-password')
    await user.click(screen.getByRole('button', { name: 'Log in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect email or password')
    expect(authApi.login).toHaveBeenCalledWith('dev@example.com', 'wrong-password')
  })

  it('stores the token and goes to the dashboard on success', async () => {
    authApi.login.mockResolvedValue({ access_token: 'tok-1', user: { id: 1, email: 'dev@example.com' } })
    vi.mocked(authApi.me).mockResolvedValue({ id: 1, email: 'dev@example.com' })
    const user = userEvent.setup()
    renderPage()
    await user.type(screen.getByLabelText('Email'), ' dev@example.com ')
    await user.type(screen.getByLabelText('Password'), 'correct-horse')
    await user.click(screen.getByRole('button', { name: 'Log in' }))
    await vi.waitFor(() => expect(window.location.hash).toBe('#/dashboard'))
    expect(localStorage.getItem(TOKEN_KEY)).toBe('tok-1')
  })

  it('after a session that ended, says so and returns to the interrupted page', async () => {
    sessionStorage.setItem('tali_return_to', '#/tasks')
    authApi.login.mockResolvedValue({ access_token: 'tok-2', user: { id: 1, email: 'dev@example.com' } })
    vi.mocked(authApi.me).mockResolvedValue({ id: 1, email: 'dev@example.com' })
    const user = userEvent.setup()
    renderPage(new URLSearchParams('expired=1'))
    expect(screen.getByRole('status')).toHaveTextContent('Your session ended. Log in to continue where you left off')
    await user.type(screen.getByLabelText('Email'), 'dev@example.com')
    await user.type(screen.getByLabelText('Password'), 'correct-horse')
    await user.click(screen.getByRole('button', { name: 'Log in' }))
    await vi.waitFor(() => expect(window.location.hash).toBe('#/tasks'))
    expect(sessionStorage.getItem('tali_return_to')).toBeNull()
  })

  it('links to forgot password and sign up, and confirms a fresh registration', () => {
    renderPage(new URLSearchParams('registered=1'))
    expect(screen.getByRole('link', { name: 'Forgot password?' })).toHaveAttribute('href', '#/forgot-password')
    expect(screen.getByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '#/register')
    expect(screen.getByRole('status')).toHaveTextContent('Account created')
  })
})
