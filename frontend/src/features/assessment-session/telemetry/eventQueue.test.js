import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventQueue } from './eventQueue.js'

const KEY = 'events_test'
const networkError = () => Object.assign(new Error('Network Error'), { code: 'ERR_NETWORK' })
const httpError = (status) => Object.assign(new Error(`HTTP ${status}`), { response: { status, data: {} } })

function makeQueue(send, extra = {}) {
  const statuses = []
  const queue = createEventQueue({ send, storage: localStorage, storageKey: KEY, flushDelayMs: 100, onStatus: (s) => statuses.push(s), ...extra })
  queue.start()
  return { queue, statuses }
}

describe('createEventQueue', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('batches events pushed together into one request with unique client ids', async () => {
    const send = vi.fn().mockResolvedValue({ accepted: 3, duplicates: 0 })
    const { queue } = makeQueue(send)
    queue.push('run_click')
    queue.push('snapshot', { code: 'x = 1' })
    queue.push('paste', { chars: 3, text: 'abc', line: 2 })
    expect(send).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(100)
    expect(send).toHaveBeenCalledTimes(1)
    const [batch, options] = send.mock.calls[0]
    expect(batch.map((e) => e.type)).toEqual(['run_click', 'snapshot', 'paste'])
    expect(batch[1].data).toEqual({ code: 'x = 1' })
    expect(new Set(batch.map((e) => e.id)).size).toBe(3)
    batch.forEach((e) => expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/))
    batch.forEach((e) => expect(Number.isNaN(Date.parse(e.at))).toBe(false))
    expect(options).toEqual({ keepalive: false })
    expect(queue.size).toBe(0)
    expect(localStorage.getItem(KEY)).toBeNull()
  })

  it('keeps events through a network failure, reports offline, and retries with the same ids', async () => {
    const send = vi.fn().mockRejectedValueOnce(networkError()).mockResolvedValue({ accepted: 1, duplicates: 0 })
    const { queue, statuses } = makeQueue(send)
    const event = queue.push('focus_lost')
    await vi.advanceTimersByTimeAsync(100)
    expect(send).toHaveBeenCalledTimes(1)
    expect(statuses.at(-1)).toEqual({ online: false, pending: 1 })
    expect(JSON.parse(localStorage.getItem(KEY))).toEqual([event])
    await vi.advanceTimersByTimeAsync(1000)
    expect(send).toHaveBeenCalledTimes(2)
    expect(send.mock.calls[1][0].map((e) => e.id)).toEqual([event.id])
    expect(statuses.at(-1)).toEqual({ online: true, pending: 0 })
  })

  it('backs off between failed attempts', async () => {
    const send = vi.fn().mockRejectedValue(httpError(503))
    const { queue } = makeQueue(send)
    queue.push('run_click')
    await vi.advanceTimersByTimeAsync(100) // first try
    await vi.advanceTimersByTimeAsync(1000) // +1 s
    await vi.advanceTimersByTimeAsync(2000) // +2 s
    expect(send).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(4000)
    expect(send).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(1000) // +5 s
    expect(send).toHaveBeenCalledTimes(4)
    expect(queue.size).toBe(1)
  })

  it('drops a batch the server rejects for good instead of retrying forever', async () => {
    const send = vi.fn().mockRejectedValue(httpError(422))
    const { queue } = makeQueue(send)
    queue.push('run_click')
    await vi.advanceTimersByTimeAsync(100)
    await vi.advanceTimersByTimeAsync(60000)
    expect(send).toHaveBeenCalledTimes(1)
    expect(queue.size).toBe(0)
  })

  it('restores unsent events from storage in a new page and sends them on start', async () => {
    const failing = vi.fn().mockRejectedValue(networkError())
    const first = makeQueue(failing).queue
    const event = first.push('snapshot', { code: 'print(1)' })
    first.stop()
    const send = vi.fn().mockResolvedValue({ accepted: 1, duplicates: 0 })
    makeQueue(send)
    await vi.advanceTimersByTimeAsync(0)
    expect(send.mock.calls[0][0]).toEqual([event])
  })

  it('sends a keepalive batch under 64 KiB before unload and leaves the rest stored', async () => {
    const send = vi.fn().mockResolvedValue({ accepted: 1, duplicates: 0 })
    const { queue } = makeQueue(send, { flushDelayMs: 60000 })
    const big = 'x'.repeat(40000)
    queue.push('snapshot', { code: `a${big}` })
    const second = queue.push('snapshot', { code: `b${big}` })
    await queue.flushBeforeUnload()
    const [batch, options] = send.mock.calls[0]
    expect(options).toEqual({ keepalive: true })
    expect(batch).toHaveLength(1)
    expect(new TextEncoder().encode(JSON.stringify(batch)).length).toBeLessThan(64 * 1024)
    expect(JSON.parse(localStorage.getItem(KEY))).toEqual([second])
  })
})
