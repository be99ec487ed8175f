import { act, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import useAssistantChat from './useAssistantChat.js'

const sseResponse = (frames) =>
  new Response(frames.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join(''), {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream' },
  })
const jsonResponse = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

const setup = (history = []) => renderHook(() => useAssistantChat({ assessmentId: 7, token: 'tok', initialHistory: history }))

describe('useAssistantChat', () => {
  afterEach(() => vi.restoreAllMocks())

  it('streams a reply with the token header and sends the earlier conversation as history', async () => {
    const fetchMock = vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      sseResponse([['delta', { text: 'Use ' }], ['delta', { text: 'a set.' }], ['done', { response: 'Use a set.', usage: {} }]]),
    )
    const { result } = setup([{ role: 'user', content: 'Hi', created_at: 'x' }, { role: 'assistant', content: 'Hello', created_at: 'y' }])
    await act(() => result.current.send('  How do I dedupe?  '))
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/assessments/7/claude')
    expect(init.headers).toMatchObject({ 'X-Assessment-Token': 'tok', Accept: 'text/event-stream' })
    expect(init.headers.Authorization).toBeUndefined()
    expect(JSON.parse(init.body)).toEqual({
      message: 'How do I dedupe?',
      conversation_history: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }],
    })
    expect(result.current.messages.slice(2)).toEqual([
      { role: 'user', content: 'How do I dedupe?' },
      { role: 'assistant', content: 'Use a set.' },
    ])
    expect(result.current.busy).toBe(false)
  })

  it('marks the assistant unavailable on 503 and keeps the unanswered question out of later history', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(503, { detail: 'AI assistant is not configured' }))
    const { result } = setup()
    let answered
    await act(async () => {
      answered = await result.current.send('Help?')
    })
    // Not answered: the composer puts the question back in the box.
    expect(answered).toBe(false)
    expect(result.current.unavailable).toBe(true)
    expect(result.current.error).toBeNull()
    expect(result.current.messages).toEqual([{ role: 'user', content: 'Help?', failed: true }])
  })

  it('shows the stream error and excludes the failed exchange from the next request', async () => {
    const fetchMock = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValueOnce(sseResponse([['delta', { text: 'Par' }], ['error', { detail: 'Provider timed out' }]]))
      .mockResolvedValueOnce(sseResponse([['done', { response: 'Fine now.' }]]))
    const { result } = setup()
    await act(() => result.current.send('First'))
    expect(result.current.error).toBe('Provider timed out')
    await act(() => result.current.send('Second'))
    expect(JSON.parse(fetchMock.mock.calls[1][1].body).conversation_history).toEqual([])
    expect(result.current.messages.at(-1)).toEqual({ role: 'assistant', content: 'Fine now.' })
  })
})
