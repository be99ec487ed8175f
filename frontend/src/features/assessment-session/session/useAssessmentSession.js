import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../../lib/api.js'
import { getSessionInfo, startSession } from '../api.js'

// Token problems that get their own page instead of a generic error.
export function classifyTokenError(error) {
  const status = error?.response?.status
  const detail = String(error?.response?.data?.detail ?? '')
  if (status === 404) return /revoked/i.test(detail) ? 'revoked' : 'invalid'
  if (status === 410) return 'expired'
  if (status === 409) return 'completed'
  return null
}

const CLOSED_STATUSES = { completed: 'completed', expired: 'expired', revoked: 'revoked' }

// One start request per token, however often React re-runs effects or the button is clicked;
// a failed start is forgotten so the candidate can retry.
const starts = new Map()
function startOnce(token) {
  if (!starts.has(token)) {
    const request = startSession(token).then((data) => ({ ...data, receivedAt: performance.now() }))
    request.catch(() => starts.delete(token))
    starts.set(token, request)
  }
  return starts.get(token)
}

// The candidate's way through the link: loading → welcome (new) or straight to starting (resume)
// → starting (sandbox being created) → ide → results; or a page explaining why the link cannot be used.
export default function useAssessmentSession(token) {
  const [state, setState] = useState({ phase: 'loading' })

  const fail = useCallback((error) => {
    const problem = classifyTokenError(error)
    setState(problem ? { phase: 'closed', problem } : { phase: 'error', message: errorMessage(error) })
  }, [])

  const start = useCallback(
    (info) => {
      setState({ phase: 'starting', info })
      startOnce(token).then((startData) => setState({ phase: 'ide', start: startData }), fail)
    },
    [token, fail],
  )

  const load = useCallback(() => {
    setState({ phase: 'loading' })
    getSessionInfo(token).then((info) => {
      if (CLOSED_STATUSES[info.status]) setState({ phase: 'closed', problem: CLOSED_STATUSES[info.status] })
      else if (info.status === 'in_progress') start(info)
      else setState({ phase: 'welcome', info })
    }, fail)
  }, [token, start, fail])

  useEffect(() => {
    load()
  }, [load])

  const finish = useCallback((results, automatic) => {
    starts.delete(token)
    setState({ phase: 'results', results, automatic })
  }, [token])

  return { state, start, retry: load, finish }
}
