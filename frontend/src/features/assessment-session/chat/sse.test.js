import { describe, expect, it } from 'vitest'
import { createSseParser, readAssistantStream } from './sse.js'

const collect = (chunks) => {
  const events = []
  const parser = createSseParser((event) => events.push(event))
  for (const chunk of chunks) parser.push(chunk)
  parser.end()
  return events
}

const streamOf = (chunks) =>
  new ReadableStream({
    start(controller) {
      const encoder = new TextEncoder()
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
      controller.close()
    },
  })

describe('createSseParser', () => {
  it('reads named events with JSON data', () => {
    expect(collect(['event: delta\ndata: {"text":"Hi"}\n\nevent: done\ndata: {"response":"Hi"}\n\n'])).toEqual([
      { event: 'delta', data: '{"text":"Hi"}' },
      { event: 'done', data: '{"response":"Hi"}' },
    ])
  })

  it('reassembles frames split anywhere, including CRLF pairs and UTF-8 characters', () => {
    const bytes = new TextEncoder().encode('event: delta\r\ndata: {"text":"café"}\r\n\r\n')
    const chunks = [...bytes].map((b) => new Uint8Array([b]))
    expect(collect(chunks)).toEqual([{ event: 'delta', data: '{"text":"café"}' }])
  })

  it('joins multi-line data, skips comments, defaults the event name, and flushes a final frame without a blank line', () => {
    expect(collect([': keep-alive\n\ndata: line one\ndata: line two\n\nevent: done\ndata:{}'])).toEqual([
      { event: 'message', data: 'line one\nline two' },
      { event: 'done', data: '{}' },
    ])
  })
})

describe('readAssistantStream', () => {
  it('calls onDelta per delta and resolves with the done payload', async () => {
    const deltas = []
    const done = await readAssistantStream(
      streamOf(['event: delta\ndata: {"text":"Use "}\n\nevent: del', 'ta\ndata: {"text":"a set."}\n\n', 'event: done\ndata: {"response":"Use a set.","usage":{"input_tokens":3,"output_tokens":4}}\n\n']),
      (text) => deltas.push(text),
    )
    expect(deltas).toEqual(['Use ', 'a set.'])
    expect(done).toEqual({ response: 'Use a set.', usage: { input_tokens: 3, output_tokens: 4 } })
  })

  it('rejects with the server detail on an error event', async () => {
    await expect(readAssistantStream(streamOf(['event: error\ndata: {"detail":"Provider timed out"}\n\n']), () => {})).rejects.toThrow(
      'Provider timed out',
    )
  })

  it('rejects when the stream ends before done', async () => {
    const deltas = []
    await expect(readAssistantStream(streamOf(['event: delta\ndata: {"text":"partial"}\n\n']), (t) => deltas.push(t))).rejects.toThrow(
      /stopped before it was complete/,
    )
    expect(deltas).toEqual(['partial'])
  })

  it('rejects malformed JSON', async () => {
    await expect(readAssistantStream(streamOf(['event: delta\ndata: {oops\n\n']), () => {})).rejects.toThrow(/malformed/)
  })
})
