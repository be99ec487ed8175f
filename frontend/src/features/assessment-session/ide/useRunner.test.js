import { act, renderHook } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { executeCode } from '../api.js'
import useRunner from './useRunner.js'

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
