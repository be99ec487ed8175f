import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from './api.js'
import { ToastProvider } from '../../components/ui/index.js'
import OutboxPage from './OutboxPage.jsx'

vi.mock('./api.js', () => ({ listEmails: vi.fn(), getEmail: vi.fn(), getEmailStatus: vi.fn(), resendInvitation: vi.fn() }))

const renderPage = () =>
  render(
    <ToastProvider>
      <OutboxPage />
    </ToastProvider>,
  )

const EMAILS = [
  { id: 1, to: 'grace@example.com', subject: 'Your TALI assessment', kind: 'invitation', status: 'sent', sent_at: '2026-11-20T10:00:00Z' },
  { id: 2, to: 'grace@example.com', subject: 'Your results', kind: 'results', status: 'failed', sent_at: '2026-11-21T10:00:00Z' },
  { id: 3, to: 'ada@example.com', subject: 'Reminder: your link expires', kind: 'reminder', status: 'stored', sent_at: '2026-11-22T10:00:00Z' },
]

describe('OutboxPage', () => {
  beforeEach(() => {
    api.listEmails.mockResolvedValue({ items: EMAILS, total: 3, limit: 20, offset: 0 })
    api.getEmail.mockImplementation(async (id) => ({ ...EMAILS.find((e) => e.id === id), text: `Body of ${id}`, transport: 'log' }))
    api.getEmailStatus.mockResolvedValue({ configured: true, transport: 'resend' })
  })

  it('lists the emails in a table and opens one from the keyboard', async () => {
    const user = userEvent.setup()
    renderPage()
    const results = await screen.findByRole('button', { name: 'grace@example.com: Your results' })
    expect(screen.getByText('Select an email to read it.')).toBeInTheDocument()
    results.focus()
    await user.keyboard('{Enter}')
    expect(results).toHaveAttribute('aria-pressed', 'true')
    expect(await screen.findByText('Body of 2')).toBeInTheDocument()
  })

  it('opens an email by clicking anywhere on its row', async () => {
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByText('Your TALI assessment'))
    expect(await screen.findByText('Body of 1')).toBeInTheDocument()
    const row = screen.getAllByRole('row')[1]
    expect(within(row).getByRole('button')).toHaveAttribute('aria-pressed', 'true')
  })

  it('says when email is not set up, and an invitation offers its link and a resend', async () => {
    const user = userEvent.setup()
    api.getEmailStatus.mockResolvedValue({ configured: false, transport: null })
    api.getEmail.mockResolvedValue({ ...EMAILS[0], text: 'Invite', transport: 'outbox', assessment_id: 9, assessment_token: 'tok-9' })
    api.resendInvitation.mockResolvedValue({})
    renderPage()
    expect(await screen.findByTestId('email-not-set-up')).toHaveTextContent('Email is not set up')
    await user.click(await screen.findByText('Your TALI assessment'))
    expect(await screen.findByRole('button', { name: 'Copy link' })).toHaveAttribute('title', `${window.location.origin}/#/assess/tok-9`)
    await user.click(screen.getByRole('button', { name: 'Resend' }))
    expect(api.resendInvitation).toHaveBeenCalledWith(9)
    expect(await screen.findByText('Invitation queued again')).toBeInTheDocument()
  })

  it('names the type of each email in words, never the raw kind', async () => {
    const user = userEvent.setup()
    renderPage()
    const row = (await screen.findByRole('button', { name: 'ada@example.com: Reminder: your link expires' })).closest('tr')
    expect(row).toHaveTextContent('Reminder before the link expires')
    expect(row).not.toHaveTextContent(/\breminder\b/)
    await user.click(row)
    expect(await screen.findByText('Type:')).toBeInTheDocument()
    expect(screen.getAllByText('Reminder before the link expires')).toHaveLength(2)
  })
})
