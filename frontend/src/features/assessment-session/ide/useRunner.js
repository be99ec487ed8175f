import { useCallback, useState } from 'react'
import { errorMessage } from '../../../lib/api.js'
import { executeCode, runTests } from '../api.js'
import { saveLocal } from '../session/localSession.js'

// Runs code and the visible tests in the sandbox; the results feed the console and survive a refresh.
export default function useRunner({ assessmentId, token, record, saved }) {
  const [output, setOutput] = useState(saved.output ?? null)
  const [tests, setTests] = useState(saved.tests ?? null)
  const [testsRun, setTestsRun] = useState(Boolean(saved.testsRun))
  const [tab, setTab] = useState(saved.tab ?? 'output')
  const [running, setRunning] = useState(null)
  const [error, setError] = useState(null)

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
      try {
        const result = await executeCode(assessmentId, token, code)
        setOutput(result)
        saveLocal(token, { output: result, tab: 'output' })
        setTab('output')
      } catch (err) {
        setError(errorMessage(err, 'The code could not be run.'))
      } finally {
        setRunning(null)
      }
    },
    [assessmentId, token, record],
  )

  const test = useCallback(
    async (code) => {
      record('test_click')
      setRunning('tests')
      setError(null)
      try {
        const result = await runTests(assessmentId, token, code)
        setTests(result)
        setTestsRun(true)
        saveLocal(token, { tests: result, testsRun: true, tab: 'tests' })
        setTab('tests')
      } catch (err) {
        setError(errorMessage(err, 'The tests could not be run.'))
      } finally {
        setRunning(null)
      }
    },
    [assessmentId, token, record],
  )

  return { output, tests, testsRun, tab, showTab, running, error, run, test }
}
