import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from './api.js'
import GenerateTaskModal from './GenerateTaskModal.jsx'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  generateTask: vi.fn(),
}))

const PROMPT = 'A CSV parser that drops the last row'
const DRAFT = { name: 'CSV parser', validation: { starter_passed: 1, reference_passed: 5, total: 5 }, attempts: 1 }
const apiError = (status, detail) => ({ response: { status, data: { detail } } })

function setup() {
  const onGenerated = vi.fn()
  const onClose = vi.fn()
  render(<GenerateTaskModal open onClose={onClose} onGenerated={onGenerated} />)
  return { user: userEvent.setup(), onGenerated, onClose }
}

const promptBox = () => screen.getByLabelText('What should the task assess?')

describe('GenerateTaskModal', () => {
  beforeEach(() => {
    api.generateTask.mockReset()
  })

  it('requires a prompt and counts its characters', async () => {
    const { user } = setup()
    await user.click(screen.getByRole('button', { name: 'Generate' }))
    expect(screen.getByText('Describe the task you want')).toBeInTheDocument()
    expect(api.generateTask).not.toHaveBeenCalled()
    await user.type(promptBox(), 'A parser')
    expect(screen.getByText('8/4000 characters')).toBeInTheDocument()
    expect(promptBox()).toHaveAttribute('maxLength', '4000')
  })

  it('checks the optional duration', async () => {
    const { user } = setup()
    await user.type(promptBox(), PROMPT)
    await user.type(screen.getByLabelText('Duration in minutes (optional)'), '200')
    await user.click(screen.getByRole('button', { name: 'Generate' }))
    expect(screen.getByText(/between 5 and 180/)).toBeInTheDocument()
    expect(api.generateTask).not.toHaveBeenCalled()
  })

  it('shows progress while the server works, then hands over the draft', async () => {
    let resolve
    api.generateTask.mockReturnValue(new Promise((r) => (resolve = r)))
    const { user, onGenerated } = setup()
    await user.type(promptBox(), `  ${PROMPT} `)
    await user.selectOptions(screen.getByLabelText('Difficulty (optional)'), 'senior')
    await user.type(screen.getByLabelText('Duration in minutes (optional)'), '45')
    await user.click(screen.getByRole('button', { name: 'Generate' }))
    expect(api.generateTask).toHaveBeenCalledWith({ prompt: PROMPT, difficulty: 'senior', duration_minutes: 45 })
    expect(screen.getByRole('status')).toHaveTextContent('Writing the task and proving it in the sandbox… this can take a minute')
    expect(promptBox()).toBeDisabled()
    resolve(DRAFT)
    await vi.waitFor(() => expect(onGenerated).toHaveBeenCalledWith(DRAFT))
  })

  it('leaves out the difficulty and duration when not chosen', async () => {
    api.generateTask.mockResolvedValue(DRAFT)
    const { user } = setup()
    await user.type(promptBox(), PROMPT)
    await user.click(screen.getByRole('button', { name: 'Generate' }))
    expect(api.generateTask).toHaveBeenCalledWith({ prompt: PROMPT })
  })

  it('keeps the prompt after a bad AI answer and offers to try again', async () => {
    api.generateTask.mockRejectedValueOnce(apiError(502, "the AI's answer was not a valid task: no test functions")).mockResolvedValueOnce(DRAFT)
    const { user, onGenerated } = setup()
    await user.type(promptBox(), PROMPT)
    await user.click(screen.getByRole('button', { name: 'Generate' }))
    expect(await screen.findByRole('alert')).toHaveTextContent("the AI's answer was not a valid task: no test functions")
    expect(promptBox()).toHaveValue(PROMPT)
    expect(onGenerated).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(api.generateTask).toHaveBeenCalledTimes(2)
    expect(api.generateTask).toHaveBeenLastCalledWith({ prompt: PROMPT })
    await vi.waitFor(() => expect(onGenerated).toHaveBeenCalledWith(DRAFT))
  })

  it.each([
    [503, 'AI generation is not configured on this server', 'Generate'],
    [422, 'the draft never passed its check: the starter passed every test', 'Try again'],
  ])('shows the detail of a %s and keeps the prompt', async (status, detail, retryLabel) => {
    api.generateTask.mockRejectedValue(apiError(status, detail))
    const { user, onGenerated } = setup()
    await user.type(promptBox(), PROMPT)
    await user.click(screen.getByRole('button', { name: 'Generate' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(detail)
    expect(promptBox()).toHaveValue(PROMPT)
    expect(promptBox()).toBeEnabled()
    expect(screen.getByRole('button', { name: retryLabel })).toBeEnabled()
    expect(onGenerated).not.toHaveBeenCalled()
  })

  it('puts a field the server refused under that field', async () => {
    api.generateTask.mockRejectedValue({ response: { status: 422, data: { detail: 'Invalid request', errors: [{ field: 'prompt', message: 'must not be blank' }] } } })
    const { user } = setup()
    await user.type(promptBox(), PROMPT)
    await user.click(screen.getByRole('button', { name: 'Generate' }))
    expect(await screen.findByText('must not be blank')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Generate' })).toBeEnabled()
  })

  it('drops the answer of a request abandoned by closing', async () => {
    let resolve
    api.generateTask.mockReturnValue(new Promise((r) => (resolve = r)))
    const { user, onGenerated, onClose } = setup()
    await user.type(promptBox(), PROMPT)
    await user.click(screen.getByRole('button', { name: 'Generate' }))
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(onClose).toHaveBeenCalled()
    resolve(DRAFT)
    await new Promise((r) => setTimeout(r, 0))
    expect(onGenerated).not.toHaveBeenCalled()
  })
})
