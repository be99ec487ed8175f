import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from '../../../lib/api.js'
import { submitAssessment } from '../api.js'
import { clearLocal } from '../session/localSession.js'
import { eventsStorageKey } from '../telemetry/useSessionRecorder.js'

const AUTO_RETRY_MS = 5000

// Submitting, by the candidate or by the clock at 0:00. Submission is idempotent on the server
// (a second call returns the same results), so the automatic path simply retries until it gets through.
export default function useSubmission({ assessmentId, token, settle, onSubmitted, remaining, getCode }) {
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState(null)
  const [automatic, setAutomatic] = useState(false)
  const inFlight = useRef(false)
  const retryTimer = useRef(null)
  useEffect(() => () => clearTimeout(retryTimer.current), [])

  const submit = useCallback(
    async (isAutomatic) => {
      if (inFlight.current) return
      inFlight.current = true
      clearTimeout(retryTimer.current)
      setSubmitting(true)
      setError(null)
      try {
        await settle().catch(() => {})
        const results = await submitAssessment(assessmentId, token, getCode())
        clearLocal(token)
        localStorage.removeItem(eventsStorageKey(token))
        onSubmitted(results, isAutomatic)
      } catch (err) {
        setError(errorMessage(err, 'Your solution could not be submitted. Please try again.'))
        inFlight.current = false
        setSubmitting(false)
        if (isAutomatic) retryTimer.current = setTimeout(() => submit(true), AUTO_RETRY_MS)
      }
    },
    [assessmentId, token, settle, onSubmitted, getCode],
  )

  const timeUp = remaining <= 0
  useEffect(() => {
    if (!timeUp) return
    setAutomatic(true)
    submit(true)
  }, [timeUp, submit])

  return { submit, submitting, error, automatic }
}
