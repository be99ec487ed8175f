import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../api.js'
import CreateAssessmentModal from './CreateAssessmentModal.jsx'
import { hasCreateDraft } from './createAssessmentForm.js'
import { forgetEmailStatus } from './invitations/invitationActions.js'

vi.mock('../api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  listCandidates: vi.fn(),
  listTasks: vi.fn(),
  createAssessment: vi.fn(),
  getBillingUsage: vi.fn(),
  listAssessments: vi.fn(),
  getEmailStatus: vi.fn(),
}))

const BILLING_OFF = { billing_enabled: false, plan: 'pay_per_use', credits_remaining: null }
const NO_CREDITS = {
  billing_enabled: true,
  plan: 'pay_per_use',
  credits_remaining: 0,
  auto_charge: false,
  card_saved: false,
  price_per_assessment_pence: 2500,
}

const TASKS = [
  { id: 7, name: 'Debugging Challenge', difficulty: 'mid', duration_minutes: 30, task_type: 'debugging', is_active: true },
  { id: 8, name: 'Old task', difficulty: 'junior', duration_minutes: 20, task_type: 'refactor', is_active: false },
  { id: 9, name: 'Legacy task', difficulty: 'legendary', duration_minutes: 45, task_type: 'ai_engineering', is_active: true },
]
const CANDIDATES = [{ id: 3, email: 'grace@example.com', full_name: 'Grace Hopper' }]

function setup() {
  const onCreated = vi.fn()
  const onClose = vi.fn()
  render(<CreateAssessmentModal open onClose={onClose} onCreated={onCreated} />)
  return { user: userEvent.setup(), onCreated, onClose }
}

describe('CreateAssessmentModal', () => {
  beforeEach(() => {
    api.listCandidates.mockResolvedValue({ items: CANDIDATES, total: 1 })
    api.listTasks.mockResolvedValue({ items: TASKS, total: 3 })
    api.createAssessment.mockReset()
    api.getBillingUsage.mockReset()
    api.getBillingUsage.mockResolvedValue(BILLING_OFF)
    api.listAssessments.mockResolvedValue({ items: [], total: 0 })
    api.getEmailStatus.mockResolvedValue({ configured: true, transport: 'resend' })
    forgetEmailStatus()
  })

  it('shows no cost line when the server does not bill', async () => {
    setup()
    await screen.findByLabelText('Task')
    expect(api.getBillingUsage).toHaveBeenCalledWith({ limit: 1 })
    expect(screen.queryByTestId('send-cost')).not.toBeInTheDocument()
  })

  it('shows the balance and the cost before the click', async () => {
    api.getBillingUsage.mockResolvedValue({ ...NO_CREDITS, credits_remaining: 2 })
    setup()
    const line = await screen.findByTestId('send-cost')
    expect(line).toHaveTextContent('Balance: 2 credits')
    expect(line).toHaveTextContent('Sending takes 1 credit')
  })

  it('says when sending will charge the saved card', async () => {
    api.getBillingUsage.mockResolvedValue({ ...NO_CREDITS, auto_charge: true, card_saved: true })
    setup()
    expect(await screen.findByTestId('send-cost')).toHaveTextContent('sending charges £25.00 to your saved card')
  })

  it('shows the refusal of a send without credit and points to Billing', async () => {
    api.getBillingUsage.mockResolvedValue(NO_CREDITS)
    api.createAssessment.mockRejectedValue({
      response: { status: 402, data: { detail: 'No assessment credits left: buy credits in Settings → Billing' } },
    })
    const { user } = setup()
    expect(await screen.findByTestId('send-cost')).toHaveTextContent('No credit left: buy credits')
    await user.click(await screen.findByRole('button', { name: 'Grace Hopper (grace@example.com)' }))
    await user.selectOptions(screen.getByLabelText('Task'), '7')
    await user.click(screen.getByRole('button', { name: 'Send Assessment' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('No assessment credits left')
    expect(screen.getByTestId('payment-refused')).toHaveTextContent('Nothing was sent.')
    expect(screen.getByRole('link', { name: 'Open Settings → Billing' })).toHaveAttribute('href', '#/settings?tab=billing')
    expect(api.getBillingUsage).toHaveBeenCalledTimes(2)
  })

  it('requires a candidate and a task', async () => {
    const { user } = setup()
    await user.click(await screen.findByRole('button', { name: 'Send Assessment' }))
    expect(screen.getByText('Choose a candidate or create a new one')).toBeInTheDocument()
    expect(screen.getByText('Choose a task')).toBeInTheDocument()
    expect(api.createAssessment).not.toHaveBeenCalled()
  })

  it('lists only active tasks with difficulty and duration, and shows the difficulty and type badges', async () => {
    const { user } = setup()
    const taskSelect = await screen.findByLabelText('Task')
    expect(within(taskSelect).getByRole('option', { name: 'Debugging Challenge · Mid-Level · 30 min' })).toBeInTheDocument()
    expect(within(taskSelect).queryByRole('option', { name: /Old task/ })).not.toBeInTheDocument()
    await user.selectOptions(taskSelect, '7')
    const selected = screen.getByTestId('selected-task')
    expect(within(selected).getByText('Mid-Level')).toHaveAttribute('data-tone', 'yellow')
    expect(within(selected).getByText('Debugging')).toBeInTheDocument()
    expect(selected).toHaveTextContent('30 minutes')
  })

  it('shows a difficulty it does not know as sent', async () => {
    const { user } = setup()
    const taskSelect = await screen.findByLabelText('Task')
    expect(within(taskSelect).getByRole('option', { name: 'Legacy task · legendary · 45 min' })).toBeInTheDocument()
    await user.selectOptions(taskSelect, '9')
    const selected = screen.getByTestId('selected-task')
    expect(within(selected).getByText('legendary')).toHaveAttribute('data-tone', 'gray')
    expect(within(selected).getByText('AI Engineering')).toBeInTheDocument()
  })

  it('validates the new candidate fields', async () => {
    const { user } = setup()
    await user.click(await screen.findByRole('button', { name: '+ New candidate' }))
    await user.type(screen.getByLabelText('Candidate email'), 'bad-email')
    await user.selectOptions(screen.getByLabelText('Task'), '7')
    await user.click(screen.getByRole('button', { name: 'Send Assessment' }))
    expect(screen.getByText('Enter a valid email address')).toBeInTheDocument()
    expect(screen.getByText('Full name is required')).toBeInTheDocument()
    expect(api.createAssessment).not.toHaveBeenCalled()
  })

  it('creates a new candidate inline and shows the link to copy', async () => {
    api.createAssessment.mockResolvedValue({ id: 11, token: 'tok-abc', candidate_email: 'new@example.com', status: 'pending' })
    const { user, onCreated } = setup()
    await user.click(await screen.findByRole('button', { name: '+ New candidate' }))
    await user.type(screen.getByLabelText('Candidate email'), 'new@example.com')
    await user.type(screen.getByLabelText('Full name'), 'New Person')
    await user.type(screen.getByLabelText('Position (optional)'), 'Backend Engineer')
    await user.selectOptions(screen.getByLabelText('Task'), '7')
    await user.click(screen.getByRole('button', { name: 'Send Assessment' }))
    expect(await screen.findByText('Assessment sent to new@example.com')).toBeInTheDocument()
    expect(api.createAssessment).toHaveBeenCalledWith({
      task_id: 7,
      candidate_email: 'new@example.com',
      candidate_name: 'New Person',
      position: 'Backend Engineer',
      link_valid_days: 7,
    })
    expect(screen.getByTestId('candidate-link')).toHaveTextContent(`${window.location.origin}/#/assess/tok-abc`)
    expect(onCreated).toHaveBeenCalledTimes(1)
  })

  it('sends an existing candidate by id', async () => {
    api.createAssessment.mockResolvedValue({ id: 12, token: 't', candidate_email: 'grace@example.com' })
    const { user } = setup()
    await user.click(await screen.findByRole('button', { name: 'Grace Hopper (grace@example.com)' }))
    await user.selectOptions(screen.getByLabelText('Task'), '7')
    await user.click(screen.getByRole('button', { name: 'Send Assessment' }))
    expect(await screen.findByText('Assessment sent to grace@example.com')).toBeInTheDocument()
    expect(api.createAssessment).toHaveBeenCalledWith({ task_id: 7, candidate_id: 3, link_valid_days: 7 })
  })

  it('keeps the modal open and shows the API error on failure', async () => {
    api.createAssessment.mockRejectedValue({ response: { status: 402, data: { detail: 'Assessment limit reached for your plan' } } })
    const { user, onCreated } = setup()
    await user.click(await screen.findByRole('button', { name: 'Grace Hopper (grace@example.com)' }))
    await user.selectOptions(screen.getByLabelText('Task'), '7')
    await user.click(screen.getByRole('button', { name: 'Send Assessment' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Assessment limit reached for your plan')
    expect(screen.getByRole('dialog')).toBeInTheDocument()
    expect(onCreated).not.toHaveBeenCalled()
  })

  it('searches candidates on the server, not only the first page', async () => {
    const user = userEvent.setup()
    render(<CreateAssessmentModal open onClose={() => {}} />)
    await user.type(await screen.findByLabelText('Candidate'), 'hop')
    await vi.waitFor(() => expect(api.listCandidates).toHaveBeenLastCalledWith({ q: 'hop', limit: 8 }))
  })

  it('sends the duration and link validity chosen', async () => {
    api.createAssessment.mockResolvedValue({ id: 13, token: 't', candidate_email: 'grace@example.com', expires_at: '2026-12-20T10:00:00Z' })
    const { user } = setup()
    await user.click(await screen.findByRole('button', { name: 'Grace Hopper (grace@example.com)' }))
    await user.selectOptions(screen.getByLabelText('Task'), '7')
    await user.type(screen.getByLabelText('Duration (minutes)'), '45')
    await user.selectOptions(screen.getByLabelText('Link valid for'), '14')
    await user.click(screen.getByRole('button', { name: 'Send Assessment' }))
    await screen.findByText('Assessment sent to grace@example.com')
    expect(api.createAssessment).toHaveBeenCalledWith({ task_id: 7, candidate_id: 3, duration_minutes: 45, link_valid_days: 14 })
  })

  it('offers the existing candidate for an email already known and warns when they took the task', async () => {
    api.listAssessments.mockResolvedValue({ items: [{ id: 1, status: 'completed' }], total: 1 })
    const { user } = setup()
    await user.click(await screen.findByRole('button', { name: '+ New candidate' }))
    await user.type(screen.getByLabelText('Candidate email'), 'GRACE@example.com')
    await user.click(await screen.findByRole('button', { name: 'Use this candidate' }))
    expect(screen.getByText(/Grace Hopper \(grace@example.com\)/)).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Task'), '7')
    expect(await screen.findByTestId('already-taken')).toHaveTextContent('Grace Hopper already has an assessment of this task (completed)')
  })

  it('never says sent when email is not set up', async () => {
    api.getEmailStatus.mockResolvedValue({ configured: false, transport: null })
    api.createAssessment.mockResolvedValue({ id: 14, token: 't', candidate_email: 'grace@example.com' })
    const { user } = setup()
    await user.click(await screen.findByRole('button', { name: 'Grace Hopper (grace@example.com)' }))
    await user.selectOptions(screen.getByLabelText('Task'), '7')
    await user.click(screen.getByRole('button', { name: 'Send Assessment' }))
    expect(await screen.findByText('Invitation saved; email is not set up: copy the link')).toBeInTheDocument()
    expect(screen.queryByText(/sent to/)).not.toBeInTheDocument()
  })

  it('keeps what was typed when the session ends mid-form and gives it back, once', async () => {
    const first = setup()
    await first.user.click(await screen.findByRole('button', { name: '+ New candidate' }))
    await first.user.type(screen.getByLabelText('Candidate email'), 'half@example.com')
    await first.user.selectOptions(screen.getByLabelText('Task'), '7')
    // The session ends: the page is gone (no cancel), then the recruiter logs in and the modal opens again.
    cleanup()
    expect(hasCreateDraft()).toBe(true)
    const again = setup()
    expect(await screen.findByLabelText('Candidate email')).toHaveValue('half@example.com')
    expect(screen.getByLabelText('Task')).toHaveValue('7')
    expect(screen.getByRole('note')).toHaveTextContent('Your unsaved draft was restored')
    // Cancelling on purpose forgets it.
    await again.user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(again.onClose).toHaveBeenCalled()
    expect(hasCreateDraft()).toBe(false)
  })

  it('restores a draft for the candidate it was meant for only; opening for another starts over', async () => {
    const grace = { id: 3, email: 'grace@example.com', full_name: 'Grace Hopper', position: '' }
    const { unmount } = render(<CreateAssessmentModal open candidate={grace} onClose={() => {}} />)
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Position (optional)'), 'Staff')
    unmount()
    expect(hasCreateDraft(3)).toBe(true)
    expect(hasCreateDraft(4)).toBe(false)
    const other = render(<CreateAssessmentModal open candidate={{ id: 4, email: 'ada@example.com', full_name: 'Ada' }} onClose={() => {}} />)
    expect(await screen.findByLabelText('Position (optional)')).toHaveValue('')
    other.unmount()
    render(<CreateAssessmentModal open candidate={grace} onClose={() => {}} />)
    expect(await screen.findByLabelText('Position (optional)')).toHaveValue('')
    // Opening for another candidate started over, so Grace's draft is gone too.
    expect(hasCreateDraft()).toBe(false)
  })
})
