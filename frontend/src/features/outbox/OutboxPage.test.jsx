import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from './api.js'
import OutboxPage from './OutboxPage.jsx'

vi.mock('./api.js', () => ({ listEmails: vi.fn(), getEmail: vi.fn() }))

const EMAILS = [
  { id: 1, to: 'grace@example.com', subject: 'Your TALI assessment', status: 'sent', sent_at: '2026-11-20T10:00:00Z' },
  { id: 2, to: 'grace@example.com', subject: 'Your results', status: 'failed', sent_at: '2026-11-21T10:00:00Z' },
]

describe('OutboxPage', () => {
  beforeEach(() => {
    api.listEmails.mockResolvedValue({ items: EMAILS, total: 2, limit: 20, offset: 0 })
    api.getEmail.mockImplementation(async (id) => ({ ...EMAILS.find((e) => e.id === id), text: `Body of ${id}`, transport: 'log' }))
  })

  it('lists the emails in a table and opens one from the keyboard', async () => {
    const user = userEvent.setup()
    render(<OutboxPage />)
    const results = await screen.findByRole('button', { name: 'grace@example.com: Your results' })
    expect(screen.getByText('Select an email to read it.')).toBeInTheDocument()
    results.focus()
    await user.keyboard('{Enter}')
    expect(results).toHaveAttribute('aria-pressed', 'true')
    expect(await screen.findByText('Body of 2')).toBeInTheDocument()
  })

  it('opens an email by clicking anywhere on its row', async () => {
    const user = userEvent.setup()
    render(<OutboxPage />)
    await user.click(await screen.findByText('Your TALI assessment'))
    expect(await screen.findByText('Body of 1')).toBeInTheDocument()
    const row = screen.getAllByRole('row')[1]
    expect(within(row).getByRole('button')).toHaveAttribute('aria-pressed', 'true')
  })
})
