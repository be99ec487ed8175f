import { cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../components/ui/index.js'
import * as api from './api.js'
import TasksPage from './TasksPage.jsx'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  listTasks: vi.fn(),
  createTask: vi.fn(),
  updateTask: vi.fn(),
  generateTask: vi.fn(),
  validateTask: vi.fn(),
}))
// Monaco does not run in jsdom; a textarea stands in with the same label and value.
vi.mock('../../components/CodeEditor.jsx', () => ({
  default: ({ value, onChange, ariaLabel, readOnly }) => (
    <textarea aria-label={ariaLabel} value={value ?? ''} readOnly={readOnly} onChange={(event) => onChange?.(event.target.value)} />
  ),
}))

const TEMPLATE = { id: 1, name: 'Debugging Challenge', description: 'Checkout pricing', difficulty: 'mid', task_type: 'debugging', duration_minutes: 30, is_template: true, is_active: true }
const OWN = { id: 2, name: 'Rate limiter', description: 'Token bucket', difficulty: 'staff', task_type: 'optimization', duration_minutes: 60, is_template: false, is_active: true, starter_code: 'x = 1', test_code: 'from solution import x', dependencies: [], has_hidden_tests: true }
const DRAFT = {
  name: 'CSV parser',
  description: 'The parser drops the last row.',
  task_type: 'debugging',
  difficulty: 'junior',
  duration_minutes: 25,
  starter_code: 'def parse(text):\n    return text.splitlines()[:-1]\n',
  test_code: 'from solution import parse\n\ndef test_rows():\n    assert parse("a\\nb") == ["a", "b"]\n',
  hidden_test_code: 'from solution import parse\n\ndef test_hidden():\n    assert parse("") == []\n',
  reference_solution: 'def parse(text):\n    return text.splitlines()\n',
  validation: { starter_passed: 1, reference_passed: 6, total: 6 },
  attempts: 2,
}

function setup() {
  render(
    <ToastProvider>
      <TasksPage />
    </ToastProvider>,
  )
  return userEvent.setup()
}

async function generateDraft(user) {
  await user.click(await screen.findByRole('button', { name: 'Generate with AI' }))
  await user.type(screen.getByLabelText('What should the task assess?'), 'A CSV parser')
  await user.click(screen.getByRole('button', { name: 'Generate' }))
  return screen.findByRole('form', { name: 'New task' })
}

describe('TasksPage', () => {
  beforeEach(() => {
    for (const fn of [api.listTasks, api.createTask, api.updateTask, api.generateTask, api.validateTask]) fn.mockReset()
    api.listTasks.mockResolvedValue({ items: [OWN, TEMPLATE], total: 2 })
  })

  it('lists own tasks and templates with their labels', async () => {
    setup()
    const cards = await screen.findAllByTestId('task-card')
    expect(cards).toHaveLength(2)
    expect(within(cards[0]).getByText('Staff+')).toBeInTheDocument()
    expect(within(cards[0]).getByText('Optimization')).toBeInTheDocument()
    expect(within(cards[1]).getByText('Mid-Level')).toBeInTheDocument()
    expect(api.listTasks).toHaveBeenCalledWith({ limit: 100 })
  })

  it('opens an AI draft in the new-task form, unsaved, with what the sandbox proved', async () => {
    api.generateTask.mockResolvedValue(DRAFT)
    const user = setup()
    const form = await generateDraft(user)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.getByRole('note')).toHaveTextContent(
      'Draft generated with AI and proved in the sandbox: the starter passes 1/6 hidden tests, the reference solution 6/6. Review it, then save.',
    )
    expect(within(form).getByLabelText('Name')).toHaveValue('CSV parser')
    expect(within(form).getByLabelText('Difficulty')).toHaveValue('junior')
    expect(within(form).getByLabelText('Duration (minutes)')).toHaveValue(25)
    expect(within(form).getByLabelText('Hidden tests (optional)')).toHaveValue(DRAFT.hidden_test_code)
    expect(within(form).getByLabelText('Reference solution (optional)')).toHaveValue(DRAFT.reference_solution)
    expect(within(form).getByText('from solution import parse')).toBeInTheDocument()
    expect(api.createTask).not.toHaveBeenCalled()

    api.createTask.mockResolvedValue({ id: 9, ...DRAFT, validation: { starter_passed: 1, reference_passed: 6, total: 6 } })
    await user.click(within(form).getByRole('button', { name: 'Create task' }))
    expect(api.createTask).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'CSV parser', hidden_test_code: DRAFT.hidden_test_code, reference_solution: DRAFT.reference_solution }),
    )
    expect(await screen.findByText('Task "CSV parser" created — tests proved: starter passes 1/6, reference 6/6')).toBeInTheDocument()
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
  })

  it('shows the sandbox verdict and the failing field when the server refuses the tests', async () => {
    let reject
    api.generateTask.mockResolvedValue(DRAFT)
    api.createTask.mockReturnValue(new Promise((_, r) => (reject = r)))
    const user = setup()
    const form = await generateDraft(user)
    await user.click(within(form).getByRole('button', { name: 'Create task' }))
    expect(within(form).getByRole('button', { name: 'Checking the tests…' })).toBeDisabled()
    reject({
      response: {
        status: 422,
        data: {
          detail: 'The reference solution fails 1 of 6 tests',
          errors: [{ field: 'reference_solution', message: 'test_hidden failed: assert [""] == []' }],
        },
      },
    })
    expect(await within(form).findByRole('alert')).toHaveTextContent('The reference solution fails 1 of 6 tests')
    expect(within(form).getByText('test_hidden failed: assert [""] == []')).toBeInTheDocument()
    expect(within(form).getByRole('button', { name: 'Create task' })).toBeEnabled()
    expect(within(form).getByLabelText('Name')).toHaveValue('CSV parser')
  })

  it('edits only what changed and does not claim to check the tests for a rename', async () => {
    let resolve
    api.updateTask.mockReturnValue(new Promise((r) => (resolve = r)))
    const user = setup()
    await user.click(await screen.findByRole('button', { name: 'Edit Rate limiter' }))
    const form = screen.getByRole('form', { name: 'Edit task' })
    expect(within(form).getByLabelText('Difficulty')).toHaveValue('staff')
    expect(within(form).getByText(/This task has hidden tests: leave this empty to keep them/)).toBeInTheDocument()
    await user.clear(within(form).getByLabelText('Name'))
    await user.type(within(form).getByLabelText('Name'), 'Leaky bucket')
    await user.click(within(form).getByRole('button', { name: 'Save changes' }))
    expect(api.updateTask).toHaveBeenCalledWith(2, { name: 'Leaky bucket' })
    expect(within(form).getByRole('button', { name: 'Saving…' })).toBeDisabled()
    resolve({ ...OWN, name: 'Leaky bucket', validation: null })
    expect(await screen.findByText('Task "Leaky bucket" saved')).toBeInTheDocument()
  })

  it('keeps a half-written new task when the page goes away, and opens it again', async () => {
    const user = setup()
    await user.click(await screen.findByRole('button', { name: /New task/ }))
    const form = screen.getByRole('form', { name: 'New task' })
    await user.type(within(form).getByLabelText('Name'), 'Half-written')
    await user.type(within(form).getByLabelText('Starter code'), 'def f():')
    // The session ends: the page is replaced by the login page, then the recruiter comes back.
    cleanup()
    setup()
    const again = await screen.findByRole('form', { name: 'New task' })
    expect(within(again).getByText(/Your unsaved draft was restored/)).toHaveAttribute('role', 'status')
    expect(within(again).getByLabelText('Name')).toHaveValue('Half-written')
    expect(within(again).getByLabelText('Starter code')).toHaveValue('def f():')
    // Cancelling discards it.
    await user.click(within(again).getByRole('button', { name: 'Cancel' }))
    expect(await screen.findByText('Rate limiter')).toBeInTheDocument()
    expect(sessionStorage.getItem('tali_draft:task:new')).toBeNull()
  })

  it('validates a task in the sandbox without saving it, and says when the code changed since', async () => {
    api.validateTask.mockResolvedValue({ starter_passed: 0, reference_passed: 3, total: 3 })
    const user = setup()
    await user.click(await screen.findByRole('button', { name: 'Edit Rate limiter' }))
    const form = screen.getByRole('form', { name: 'Edit task' })
    const status = within(form).getByTestId('proof-status')
    expect(status).toHaveTextContent('Proved in the sandbox when it was saved')
    await user.click(within(form).getByRole('button', { name: 'Validate' }))
    // The whole task goes to the check; the stored hidden tests stand in for the empty field.
    expect(api.validateTask).toHaveBeenCalledWith(expect.objectContaining({ name: 'Rate limiter', starter_code: 'x = 1' }), 2)
    expect(api.validateTask.mock.calls[0][0]).not.toHaveProperty('hidden_test_code')
    expect(await within(form).findByText('Validated — tests proved: starter passes 0/3, reference 3/3.')).toBeInTheDocument()
    expect(api.updateTask).not.toHaveBeenCalled()
    await user.type(within(form).getByLabelText('Starter code'), '\ny = 2')
    expect(status).toHaveTextContent('The code or tests changed since the last validation')
  })

  it('marks the field a failed validation names', async () => {
    api.validateTask.mockRejectedValue({
      response: { status: 422, data: { detail: 'The starter code already passes all 2 tests', errors: [{ field: 'test_code', message: 'The starter code already passes all 2 tests' }] } },
    })
    const user = setup()
    await user.click(await screen.findByRole('button', { name: 'Edit Rate limiter' }))
    const form = screen.getByRole('form', { name: 'Edit task' })
    await user.click(within(form).getByRole('button', { name: 'Validate' }))
    expect(await within(form).findByTestId('proof-status')).toHaveTextContent('Not valid: The starter code already passes all 2 tests')
    expect(within(form).getByText('The starter code already passes all 2 tests')).toBeInTheDocument()
  })
})
