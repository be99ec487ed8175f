import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from './api.js'
import BillingTab from './BillingTab.jsx'
import { POLL_MS, POLL_TRIES } from './CheckoutReturn.jsx'
import * as redirect from './stripeRedirect.js'

vi.mock('./api.js', () => ({
  getBillingUsage: vi.fn(),
  getLedger: vi.fn(),
  startCheckout: vi.fn(),
  openPortal: vi.fn(),
  updateBillingSettings: vi.fn(),
  cancelMonthly: vi.fn(),
}))
// The signed-in user's role decides what the tab offers; most tests are the owner's.
const auth = vi.hoisted(() => ({ user: { role: 'owner' } }))
vi.mock('../../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))
vi.mock('./stripeRedirect.js', async (importOriginal) => ({
  ...(await importOriginal()),
  goToCheckout: vi.fn(),
  goToPortal: vi.fn(),
}))

const PAY_PER_USE = {
  billing_enabled: true,
  plan: 'pay_per_use',
  credits_remaining: 3,
  auto_charge: false,
  card_saved: true,
  subscription_status: null,
  current_period_end: null,
  cancel_at_period_end: false,
  past_due: false,
  monthly_limit: 200,
  price_per_assessment_pence: 2500,
  monthly_price_pence: 30000,
  total_cost_pence: 0,
}
const MONTHLY = {
  ...PAY_PER_USE,
  plan: 'monthly',
  subscription_status: 'active',
  current_period_end: '2027-01-04T12:00:00Z',
}

function usagePage(state, offset, count, total) {
  return {
    ...state,
    total_cost_pence: total * 2500,
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

// The state the summary reads ({limit: 1}) and the usage pages, from one current state.
function serve(state) {
  api.getBillingUsage.mockImplementation(({ limit, cursor }) =>
    Promise.resolve(limit === 1 ? usagePage(state(), 0, 0, 0) : cursor ? usagePage(state(), 20, 5, 25) : usagePage(state(), 0, 20, 25)),
  )
}

describe('BillingTab', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    auth.user = { role: 'owner' }
    window.sessionStorage.clear()
    api.getLedger.mockResolvedValue({
      items: [{ id: 1, delta: 3, kind: 'trial', assessment_id: null, stripe_reference: null, note: null, created_at: '2026-12-01T09:00:00Z' }],
      total: 1,
      next_cursor: null,
    })
  })
  afterEach(() => vi.useRealTimers())

  it('says billing is off and still pages through the usage history', async () => {
    serve(() => ({ ...PAY_PER_USE, billing_enabled: false, credits_remaining: null }))
    const user = userEvent.setup()
    render(<BillingTab />)
    expect(await screen.findByTestId('billing-off')).toHaveTextContent(
      'Billing is not configured on this server: assessments are unlimited.',
    )
    expect(screen.queryByRole('button', { name: 'Buy credits' })).not.toBeInTheDocument()
    expect(api.getLedger).not.toHaveBeenCalled()
    expect(await screen.findByText('Candidate 25')).toBeInTheDocument()
    expect(screen.getByText('Showing 1–20 of 25')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(await screen.findByText('Candidate 5')).toBeInTheDocument()
    expect(api.getBillingUsage).toHaveBeenLastCalledWith({ limit: 20, cursor: 'after-6' })
  })

  it('shows a member the plan and the history but no way to pay', async () => {
    auth.user = { role: 'admin' }
    serve(() => PAY_PER_USE)
    render(<BillingTab />)
    expect(await screen.findByTestId('billing-balance')).toHaveTextContent('3 credits')
    expect(screen.getByTestId('billing-read-only')).toHaveTextContent('Only an owner can manage billing')
    expect(screen.queryByRole('button', { name: 'Buy credits' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /portal|card/i })).not.toBeInTheDocument()
    expect(await screen.findByText('Candidate 25')).toBeInTheDocument()
  })

  it('prices the credits typed and starts Checkout for them', async () => {
    serve(() => PAY_PER_USE)
    api.startCheckout.mockResolvedValue({ url: 'http://stripe.test/checkout/cs_1' })
    const user = userEvent.setup()
    render(<BillingTab />)
    expect(await screen.findByTestId('billing-balance')).toHaveTextContent('3 credits')
    expect(screen.getByTestId('credits-total')).toHaveTextContent('Total: £250.00')
    const quantity = screen.getByLabelText('Credits')
    await user.clear(quantity)
    await user.type(quantity, '101')
    expect(screen.getByText('Enter a whole number of credits from 1 to 100')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Buy credits' })).toBeDisabled()
    await user.clear(quantity)
    await user.type(quantity, '4{Enter}')
    expect(screen.getByTestId('credits-total')).toHaveTextContent('Total: £100.00')
    expect(api.startCheckout).toHaveBeenCalledWith({ kind: 'credits', quantity: 4 })
    expect(redirect.goToCheckout).toHaveBeenCalledWith('http://stripe.test/checkout/cs_1', expect.objectContaining({ credits_remaining: 3 }))
  })

  it('asks before switching to the monthly plan', async () => {
    serve(() => PAY_PER_USE)
    api.startCheckout.mockRejectedValue({ response: { status: 503, data: { detail: 'The monthly plan is not available on this server.' } } })
    const user = userEvent.setup()
    render(<BillingTab />)
    await user.click(await screen.findByRole('button', { name: 'Switch to monthly' }))
    const dialog = screen.getByRole('dialog', { name: 'Switch to the monthly plan?' })
    expect(dialog).toHaveTextContent('You will be charged £300.00 now and every month')
    await user.click(within(dialog).getByRole('button', { name: 'Continue to payment' }))
    expect(api.startCheckout).toHaveBeenCalledWith({ kind: 'monthly' })
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The monthly plan is not available on this server.')
    expect(redirect.goToCheckout).not.toHaveBeenCalled()
  })

  it('cancels the monthly plan after confirmation and then shows when it ends', async () => {
    let state = MONTHLY
    serve(() => state)
    api.cancelMonthly.mockImplementation(() => {
      state = { ...MONTHLY, cancel_at_period_end: true }
      return Promise.resolve(null)
    })
    const user = userEvent.setup()
    render(<BillingTab />)
    expect(await screen.findByTestId('billing-renews-on')).toHaveTextContent('4 Jan 2027')
    expect(screen.queryByRole('button', { name: 'Buy credits' })).not.toBeInTheDocument()
    expect(screen.queryByRole('switch')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Cancel monthly plan' }))
    const dialog = screen.getByRole('dialog', { name: 'Cancel the monthly plan?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(api.cancelMonthly).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Cancel monthly plan' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel at period end' }))
    expect(await screen.findByTestId('plan-ends')).toHaveTextContent('your monthly plan ends on 4 Jan 2027')
    expect(screen.getByTestId('billing-ends-on')).toHaveTextContent('4 Jan 2027')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('turns auto-charge on with the switch', async () => {
    let state = PAY_PER_USE
    serve(() => state)
    api.updateBillingSettings.mockImplementation((settings) => {
      state = { ...PAY_PER_USE, ...settings }
      return Promise.resolve(state)
    })
    const user = userEvent.setup()
    render(<BillingTab />)
    const toggle = await screen.findByRole('switch', { name: /Charge my saved card £25.00/ })
    expect(toggle).toHaveAttribute('aria-checked', 'false')
    await user.click(toggle)
    expect(api.updateBillingSettings).toHaveBeenCalledWith({ auto_charge: true })
    expect(await screen.findByTestId('billing-auto-charge')).toHaveTextContent('On')
    expect(screen.getByRole('switch')).toHaveAttribute('aria-checked', 'true')
  })

  it('sends the recruiter to the portal', async () => {
    serve(() => PAY_PER_USE)
    api.openPortal.mockResolvedValue({ url: 'http://stripe.test/portal/bps_1' })
    const user = userEvent.setup()
    render(<BillingTab />)
    await user.click(await screen.findByRole('button', { name: 'Manage payment method and invoices' }))
    expect(redirect.goToPortal).toHaveBeenCalledWith('http://stripe.test/portal/bps_1')
  })

  it('on the return from Checkout, waits for the new balance', async () => {
    window.sessionStorage.setItem('tali.billing.beforeCheckout', JSON.stringify({ credits_remaining: 3, plan: 'pay_per_use', subscription_status: null }))
    let state = PAY_PER_USE
    serve(() => state)
    render(<BillingTab checkout="success" />)
    expect(await screen.findByText('Payment received by Stripe: updating your balance…')).toBeInTheDocument()
    state = { ...PAY_PER_USE, credits_remaining: 13 }
    expect(await screen.findByText('Payment received: your balance is now 13 credits.', {}, { timeout: POLL_MS * 3 })).toBeInTheDocument()
    expect(await screen.findByTestId('billing-balance')).toHaveTextContent('13 credits')
    expect(window.sessionStorage.getItem('tali.billing.beforeCheckout')).toBeNull()
  })

  it('says it may take a minute when the balance has not moved after a while', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    window.sessionStorage.setItem('tali.billing.beforeCheckout', JSON.stringify({ credits_remaining: 3, plan: 'pay_per_use', subscription_status: null }))
    serve(() => PAY_PER_USE)
    render(<BillingTab checkout="success" />)
    await screen.findByText('Payment received by Stripe: updating your balance…')
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS * POLL_TRIES))
    expect(screen.getByTestId('checkout-return')).toHaveTextContent('this may take a minute')
  })

  it('says nothing was charged when Checkout was cancelled', async () => {
    serve(() => PAY_PER_USE)
    render(<BillingTab checkout="cancelled" />)
    expect(await screen.findByTestId('checkout-return')).toHaveTextContent('Checkout cancelled: nothing was charged.')
  })

  it('lists the ledger', async () => {
    serve(() => PAY_PER_USE)
    render(<BillingTab />)
    const row = (await screen.findByText('Trial credits')).closest('tr')
    expect(row).toHaveTextContent('+3')
  })
})
