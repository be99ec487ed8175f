// The candidate session endpoints (docs/api.md, "Candidate session"). Every call authenticates with the
// assessment token in `X-Assessment-Token`; `candidate: true` tells lib/api.js never to attach a recruiter session.
import { API_BASE, client, data } from '../../lib/api.js'

const LONG_TIMEOUT_MS = 120000

const candidateConfig = (token, extra = {}) => ({
  ...extra,
  candidate: true,
  headers: { ...(extra.headers ?? {}), 'X-Assessment-Token': token },
})

const tokenPath = (token) => `/assessments/token/${encodeURIComponent(token)}`

export const getSessionInfo = (token) => data(client.get(tokenPath(token), candidateConfig(token)))

// Starting creates the sandbox, which can take a while; calling it again while in progress resumes.
export const startSession = (token) =>
  data(client.post(`${tokenPath(token)}/start`, {}, candidateConfig(token, { timeout: LONG_TIMEOUT_MS })))

export const executeCode = (assessmentId, token, code) =>
  data(client.post(`/assessments/${assessmentId}/execute`, { code }, candidateConfig(token, { timeout: LONG_TIMEOUT_MS })))

export const runTests = (assessmentId, token, code) =>
  data(client.post(`/assessments/${assessmentId}/tests`, { code }, candidateConfig(token, { timeout: LONG_TIMEOUT_MS })))

// A compile (not a run) of the code before a submit, so the IDE can warn about a syntax error. It is a courtesy:
// past a few seconds the IDE stops waiting and lets the candidate submit without the answer.
export const SYNTAX_CHECK_TIMEOUT_MS = 4000
export const checkSyntax = (assessmentId, token, code) =>
  data(client.post(`/assessments/${assessmentId}/check`, { code }, candidateConfig(token, { timeout: SYNTAX_CHECK_TIMEOUT_MS })))

// `keepalive` lets the request outlive the page (unload); sendBeacon cannot carry the token header. `sent_at`, by the
// clock that dated the events, lets the server correct their times for this computer's clock skew.
export const sendEvents = (assessmentId, token, events, { keepalive = false } = {}) =>
  data(
    client.post(
      `/assessments/${assessmentId}/events`,
      { events, sent_at: new Date().toISOString() },
      candidateConfig(token, keepalive ? { adapter: 'fetch', fetchOptions: { keepalive: true } } : {}),
    ),
  )

export const submitAssessment = (assessmentId, token, finalCode) =>
  data(
    client.post(`/assessments/${assessmentId}/submit`, { final_code: finalCode }, candidateConfig(token, { timeout: 180000 })),
  )

// An HTTP failure from the streaming call, shaped like an axios error so errorMessage() reads its detail.
export class StreamHttpError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`)
    this.response = { status, data: { detail } }
  }
}

// Asks the assistant with `Accept: text/event-stream`. Axios cannot expose a streamed body in the browser,
// so this uses fetch; the raw body stream is handed to the caller, who parses the SSE frames.
export async function openAssistantStream(assessmentId, token, message, conversationHistory, signal) {
  const response = await fetch(`${API_BASE}/assessments/${assessmentId}/claude`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', 'X-Assessment-Token': token },
    body: JSON.stringify({ message, conversation_history: conversationHistory }),
    signal,
  })
  if (!response.ok) {
    const body = await response.json().catch(() => null)
    throw new StreamHttpError(response.status, typeof body?.detail === 'string' ? body.detail : '')
  }
  if (!response.body) throw new StreamHttpError(response.status, 'The browser cannot read streamed replies.')
  return response.body
}

// The understanding check after submit: opening starts the server's five-minute clock (a reload gets the same
// questions and deadline back); answers after the deadline are refused by the server.
export const openUnderstanding = (assessmentId, token) =>
  data(client.post(`/assessments/${assessmentId}/understanding/start`, {}, candidateConfig(token, { timeout: LONG_TIMEOUT_MS })))

export const answerUnderstanding = (assessmentId, token, answers) =>
  data(client.post(`/assessments/${assessmentId}/understanding/answers`, { answers }, candidateConfig(token)))

export const skipUnderstanding = (assessmentId, token) =>
  data(client.post(`/assessments/${assessmentId}/understanding/skip`, {}, candidateConfig(token)))
