// Incremental parser for the server-sent events the assistant endpoint streams
// (`event: delta|done|error` + `data: {json}` frames separated by a blank line).
// Bytes arrive in arbitrary chunks, so a frame may be split anywhere, even inside a UTF-8 character.

export function createSseParser(onEvent) {
  const decoder = new TextDecoder()
  let buffer = ''
  let eventName = ''
  let dataLines = []

  const dispatch = () => {
    if (dataLines.length > 0) onEvent({ event: eventName || 'message', data: dataLines.join('\n') })
    eventName = ''
    dataLines = []
  }

  const handleLine = (line) => {
    if (line === '') return dispatch()
    if (line.startsWith(':')) return undefined // comment / keep-alive
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') eventName = value
    else if (field === 'data') dataLines.push(value)
    return undefined
  }

  const drainLines = () => {
    let match = buffer.match(/\r\n|\r|\n/)
    while (match) {
      // A lone '\r' at the end may be the first half of '\r\n': wait for the next chunk.
      if (match[0] === '\r' && match.index === buffer.length - 1) return
      handleLine(buffer.slice(0, match.index))
      buffer = buffer.slice(match.index + match[0].length)
      match = buffer.match(/\r\n|\r|\n/)
    }
  }

  return {
    push(chunk) {
      buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
      drainLines()
    },
    // End of stream: a final frame without its blank line still counts.
    end() {
      buffer += decoder.decode()
      drainLines()
      if (buffer) handleLine(buffer)
      buffer = ''
      dispatch()
    },
  }
}

// Reads an SSE body and turns it into calls: onDelta(text) per `delta`; resolves with the `done` payload;
// rejects with the `error` detail or when the stream ends without `done`.
export async function readAssistantStream(body, onDelta) {
  const reader = body.getReader()
  let outcome = null
  const parser = createSseParser(({ event, data }) => {
    if (outcome) return
    let payload
    try {
      payload = JSON.parse(data)
    } catch {
      outcome = { error: 'The assistant sent a malformed reply.' }
      return
    }
    if (event === 'delta' && typeof payload.text === 'string') onDelta(payload.text)
    else if (event === 'done') outcome = { done: payload }
    else if (event === 'error') outcome = { error: payload.detail || 'The assistant could not answer.' }
  })
  try {
    while (!outcome) {
      const { value, done } = await reader.read()
      if (done) {
        parser.end()
        break
      }
      parser.push(value)
    }
  } finally {
    if (outcome) reader.cancel().catch(() => {})
  }
  if (outcome?.done) return outcome.done
  throw new Error(outcome?.error ?? 'The reply stopped before it was complete. Please ask again.')
}
