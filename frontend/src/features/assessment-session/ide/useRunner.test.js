import { act, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { executeCode } from '../api.js'
import useRunner, { announceRun, announceTests } from './useRunner.js'

vi.mock('../api.js', () => ({ executeCode: vi.fn(), runTests: vi.fn() }))

const refusal = (status, detail, headers = {}) => ({ response: { status, headers, data: { detail } } })

function renderRunner() {
  return renderHook(() => useRunner({ assessmentId: 7, token: 'tok', record: vi.fn(), saved: {} }))
}

describe('useRunner', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.useRealTimers()
    vi.clearAllMocks()
  })

  it('turns a 429 into a pause that counts down its Retry-After, not an error', async () => {
    executeCode.mockRejectedValueOnce(refusal(429, 'Your previous run is still going.', { 'retry-after': '2' }))
    const { result } = renderRunner()
    await act(() => result.current.run('print(1)'))
    expect(result.current.error).toBeNull()
    expect(result.current.pause).toEqual({ message: 'Your previous run is still going.', seconds: 2 })
    act(() => vi.advanceTimersByTime(1000))
    expect(result.current.pause.seconds).toBe(1)
    act(() => vi.advanceTimersByTime(1000))
    expect(result.current.pause).toBeNull()
  })

  it('keeps other failures as errors', async () => {
    executeCode.mockRejectedValueOnce(refusal(503, 'The sandbox is busy.'))
    const { result } = renderRunner()
    await act(() => result.current.run('print(1)'))
    expect(result.current.error).toBe('The sandbox is busy.')
    expect(result.current.pause).toBeNull()
  })
})

describe('run announcements', () => {
  it('say how a run and a test run ended', () => {
    expect(announceRun({ exit_code: 0, stderr: '', timed_out: false })).toBe('Run finished with exit code 0.')
    expect(announceRun({ exit_code: 1, stderr: 'boom', timed_out: false })).toBe('Run finished with exit code 1. There is error output.')
    expect(announceTests({ tests_passed: 5, tests_total: 8 })).toBe('5 of 8 tests passed.')
    expect(announceTests({ collection_error: 'x', error_summary: 'SyntaxError at line 2 of solution.py: invalid syntax' })).toBe(
      'The tests could not run: SyntaxError at line 2 of solution.py: invalid syntax.',
    )
  })
})
