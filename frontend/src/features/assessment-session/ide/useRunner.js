import { useCallback, useEffect, useState } from 'react'
import { errorMessage } from '../../../lib/api.js'
import { executeCode, runTests } from '../api.js'
import { saveLocal } from '../session/localSession.js'

// A 429 (a run still in flight, or the runs-per-minute quota spent) is a pause, not a failure: the server's
// sentence and a countdown from its Retry-After, with the run buttons resting until it ends.
function pauseFrom(err) {
  if (err?.response?.status !== 429) return null
  const seconds = Number.parseInt(err.response.headers?.['retry-after'], 10)
  return { message: errorMessage(err), seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 5 }
}

// One sentence for the screen reader's live region when a run ends.
export function announceRun(result) {
  if (result.timed_out) return 'Run stopped: it hit the time limit.'
  return `Run finished with exit code ${result.exit_code}.${result.stderr ? ' There is error output.' : ''}`
}

export function announceTests(result) {
  if (result.error_summary || result.collection_error) return `The tests could not run: ${result.error_summary ?? 'see the Tests tab'}.`
  return `${result.tests_passed} of ${result.tests_total} tests passed.`
}

// Runs code and the visible tests in the sandbox; the results feed the console and survive a refresh.
export default function useRunner({ assessmentId, token, record, saved }) {
  const [output, setOutput] = useState(saved.output ?? null)
  const [tests, setTests] = useState(saved.tests ?? null)
  const [testsRun, setTestsRun] = useState(Boolean(saved.testsRun))
  const [tab, setTab] = useState(saved.tab ?? 'output')
  const [running, setRunning] = useState(null)
  const [error, setError] = useState(null)
  const [pause, setPause] = useState(null)
  const [announcement, setAnnouncement] = useState('')

  useEffect(() => {
    if (!pause) return undefined
    const tick = setTimeout(() => setPause(pause.seconds > 1 ? { ...pause, seconds: pause.seconds - 1 } : null), 1000)
    return () => clearTimeout(tick)
  }, [pause])

  const failed = useCallback((err, fallback) => {
    const paused = pauseFrom(err)
    if (paused) setPause(paused)
    else setError(errorMessage(err, fallback))
    setAnnouncement(paused ? paused.message : errorMessage(err, fallback))
  }, [])

  const showTab = useCallback(
    (next) => {
      setTab(next)
      saveLocal(token, { tab: next })
    },
    [token],
  )

  const run = useCallback(
    async (code) => {
      record('run_click')
      setRunning('code')
      setError(null)
      setAnnouncement('Running your code…')
      try {
        const result = await executeCode(assessmentId, token, code)
        setOutput(result)
        setAnnouncement(announceRun(result))
        saveLocal(token, { output: result, tab: 'output' })
        setTab('output')
      } catch (err) {
        failed(err, 'The code could not be run.')
      } finally {
        setRunning(null)
      }
    },
    [assessmentId, token, record, failed],
  )

  const test = useCallback(
    async (code) => {
      record('test_click')
      setRunning('tests')
      setError(null)
      setAnnouncement('Running the tests…')
      try {
        const result = await runTests(assessmentId, token, code)
        setTests(result)
        setAnnouncement(announceTests(result))
        setTestsRun(true)
        saveLocal(token, { tests: result, testsRun: true, tab: 'tests' })
        setTab('tests')
      } catch (err) {
        failed(err, 'The tests could not be run.')
      } finally {
        setRunning(null)
      }
    },
    [assessmentId, token, record, failed],
  )

  return { output, tests, testsRun, tab, showTab, running, error, pause, announcement, run, test }
}
