import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import UnderstandingCheck from './UnderstandingCheck.jsx'

vi.mock('../api.js', () => ({
  openUnderstanding: vi.fn(),
  answerUnderstanding: vi.fn(),
  skipUnderstanding: vi.fn(),
}))
const api = await import('../api.js')

const OPEN = {
  status: 'open',
  questions: ['What does your change to `dedupe` do?', 'What happens when the input is empty?', 'What would you test next?'],
  seconds_left: 300,
  time_limit_seconds: 300,
}

describe('UnderstandingCheck', () => {
  beforeEach(() => vi.clearAllMocks())
  afterEach(() => vi.useRealTimers())

  it('shows the three questions with the time left and sends the answers in order', async () => {
    api.openUnderstanding.mockResolvedValue(OPEN)
    api.answerUnderstanding.mockResolvedValue({ status: 'answered' })
    const onDone = vi.fn()
    render(<UnderstandingCheck assessmentId={7} token="tok" onDone={onDone} />)
    expect(await screen.findByRole('heading', { name: 'Three short questions' })).toBeInTheDocument()
    expect(screen.getByText('Your work is submitted')).toBeInTheDocument()
    expect(screen.getByTestId('check-clock')).toHaveTextContent('5:00')
    fireEvent.change(screen.getByLabelText(/1\. What does your change/), { target: { value: 'It keeps the first of each.' } })
    fireEvent.change(screen.getByLabelText(/3\. What would you test/), { target: { value: 'Unicode keys.' } })
    fireEvent.click(screen.getByRole('button', { name: 'Send answers' }))
    await waitFor(() => expect(onDone).toHaveBeenCalled())
    expect(api.answerUnderstanding).toHaveBeenCalledWith(7, 'tok', ['It keeps the first of each.', '', 'Unicode keys.'])
  })

  it('asks before skipping, and records the skip', async () => {
    api.openUnderstanding.mockResolvedValue(OPEN)
    api.skipUnderstanding.mockResolvedValue({ status: 'skipped' })
    const onDone = vi.fn()
    render(<UnderstandingCheck assessmentId={7} token="tok" onDone={onDone} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Skip the questions' }))
    expect(screen.getByText(/your submitted work stands/)).toBeInTheDocument()
    expect(api.skipUnderstanding).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: 'Skip' }))
    await waitFor(() => expect(onDone).toHaveBeenCalled())
    expect(api.skipUnderstanding).toHaveBeenCalledWith(7, 'tok')
  })

  it('sends what is typed when the time runs out, and moves on when the server says time is up', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    api.openUnderstanding.mockResolvedValue({ ...OPEN, seconds_left: 2 })
    api.answerUnderstanding.mockRejectedValue({ response: { status: 410, data: { detail: 'Time is up' } } })
    const onDone = vi.fn()
    render(<UnderstandingCheck assessmentId={7} token="tok" onDone={onDone} />)
    fireEvent.change(await screen.findByLabelText(/2\. What happens/), { target: { value: 'An empty list.' } })
    await act(async () => {
      vi.advanceTimersByTime(3000)
    })
    await waitFor(() => expect(onDone).toHaveBeenCalled())
    expect(api.answerUnderstanding).toHaveBeenCalledWith(7, 'tok', ['', 'An empty list.', ''])
  })

  it('goes straight to the results when the check is already closed or cannot open', async () => {
    api.openUnderstanding.mockResolvedValueOnce({ ...OPEN, status: 'skipped' })
    const onDone = vi.fn()
    render(<UnderstandingCheck assessmentId={7} token="tok" onDone={onDone} />)
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1))
    api.openUnderstanding.mockRejectedValueOnce({ response: { status: 410 } })
    const again = vi.fn()
    render(<UnderstandingCheck assessmentId={8} token="tok" onDone={again} />)
    await waitFor(() => expect(again).toHaveBeenCalledTimes(1))
  })
})
