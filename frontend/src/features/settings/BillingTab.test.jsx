import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from './api.js'
import BillingTab from './BillingTab.jsx'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  getBillingUsage: vi.fn(),
}))
vi.mock('../../context/AuthContext.jsx', () => ({
  useAuth: () => ({ user: { organization: { plan: 'pay_per_use', assessments_used: 0 } } }),
}))

function usagePage(offset, count, total) {
  return {
    plan: 'pay_per_use',
    assessments_used: total,
    assessments_limit: null,
    price_per_assessment_pence: 2500,
    total_cost_pence: total * 2500,
    stripe_configured: false,
    items: Array.from({ length: count }, (_, i) => ({
      assessment_id: total - offset - i,
      created_at: '2026-11-20T10:00:00Z',
      candidate_name: `Candidate ${total - offset - i}`,
      task_name: 'Debugging Challenge',
      amount_pence: 2500,
    })),
    total,
    limit: 20,
    offset,
    next_cursor: offset + count < total ? `after-${total - offset - count + 1}` : null,
  }
}

describe('BillingTab', () => {
  beforeEach(() => {
    api.getBillingUsage.mockReset()
    api.getBillingUsage.mockImplementation(({ cursor }) =>
      Promise.resolve(cursor ? usagePage(20, 5, 25) : usagePage(0, 20, 25)),
    )
  })

  it('pages through the usage history', async () => {
    const user = userEvent.setup()
    render(<BillingTab />)
    expect(await screen.findByText('Candidate 25')).toBeInTheDocument()
    expect(screen.getByText('Showing 1–20 of 25')).toBeInTheDocument()
    expect(screen.getByText('£625.00')).toBeInTheDocument()
    expect(api.getBillingUsage).toHaveBeenLastCalledWith({ limit: 20 })

    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(await screen.findByText('Candidate 5')).toBeInTheDocument()
    expect(screen.getByText('Showing 21–25 of 25')).toBeInTheDocument()
    expect(api.getBillingUsage).toHaveBeenLastCalledWith({ limit: 20, cursor: 'after-6' })
  })

  it('says when payments are not set up instead of offering a checkout that fails', async () => {
    render(<BillingTab />)
    await screen.findByText('Candidate 25')
    expect(screen.getByRole('button', { name: 'Add credits' })).toBeDisabled()
    expect(screen.getByText(/Online payment is not set up on this server/)).toBeInTheDocument()
  })
})
