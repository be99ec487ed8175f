import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../../../lib/api.js'
import { openAssistantStream } from '../api.js'
import { readAssistantStream } from './sse.js'

export const AI_UNAVAILABLE = 'The AI assistant is not configured for this assessment. You can still write, run and test your code.'

const toMessage = ({ role, content }) => ({ role: role === 'user' ? 'user' : 'assistant', content: String(content ?? '') })

// The chat with the assistant: the saved history from the server, then streamed replies appended live.
// A failed exchange stays visible (flagged) but is left out of the history sent with later questions.
// send() answers whether the question was answered, so the composer can give the candidate their words back.
export default function useAssistantChat({ assessmentId, token, initialHistory, aiConfigured = true }) {
  const [messages, setMessages] = useState(() => (initialHistory ?? []).map(toMessage))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState(null)
  const [unavailable, setUnavailable] = useState(!aiConfigured)
  const abort = useRef(null)

  useEffect(() => () => abort.current?.abort(), [])

  const send = useCallback(
    async (text) => {
      const message = text.trim()
      if (!message || busy || unavailable) return false
      const history = messages.filter((m) => !m.failed).map(({ role, content }) => ({ role, content }))
      setError(null)
      setBusy(true)
      setMessages((list) => [...list, { role: 'user', content: message }, { role: 'assistant', content: '', streaming: true }])
      const updateReply = (change) =>
        setMessages((list) => {
          const next = [...list]
          next[next.length - 1] = change(next[next.length - 1])
          return next
        })
      abort.current = new AbortController()
      try {
        const body = await openAssistantStream(assessmentId, token, message, history, abort.current.signal)
        const done = await readAssistantStream(body, (delta) => updateReply((m) => ({ ...m, content: m.content + delta })))
        updateReply((m) => ({ role: 'assistant', content: typeof done?.response === 'string' && done.response ? done.response : m.content }))
      } catch (err) {
        if (err?.name === 'AbortError') return false
        if (err?.response?.status === 503) setUnavailable(true)
        // HTTP errors and fetch's TypeError (offline) read best through errorMessage; stream errors carry their own text.
        else setError(err?.response || err instanceof TypeError ? errorMessage(err) : err?.message || errorMessage(err))
        // Drop the unfinished reply and keep the question, marked as unanswered.
        setMessages((list) => [...list.slice(0, -2), { role: 'user', content: message, failed: true }])
        return false
      } finally {
        setBusy(false)
      }
      return true
    },
    [assessmentId, token, busy, unavailable, messages],
  )

  return { messages, busy, error, unavailable, send }
}
