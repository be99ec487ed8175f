import { EmptyState } from '../../../components/ui/index.js'

const PASSED = new Set(['passed', 'pass', 'ok'])

// Set when the hidden tests could not run the submission at all (it did not import, pytest could not collect):
// every test is then listed as an error, and this says why once instead of leaving the reader to guess.
function RunProblem({ summary }) {
  return (
    <p role="status" className="mb-4 border-2 border-red-700 bg-red-50 p-3 text-sm text-red-900">
      <strong className="font-black">The hidden tests could not run this submission:</strong> <span className="break-words">{summary}</span>
    </p>
  )
}

export default function TestResultsTab({ results }) {
  const details = results?.test_details ?? []
  const summary = results?.error_summary
  return (
    <>
      {summary && <RunProblem summary={summary} />}
      {details.length === 0 ? (
        <EmptyState title="No test results" message="The tests have not produced results for this assessment." />
      ) : (
        <ul className="flex flex-col gap-2">
          {details.map((test) => {
            const passed = PASSED.has(String(test.outcome).toLowerCase())
            return (
              <li key={test.name} className="flex items-start gap-3 border-2 border-ink p-3">
                <span aria-hidden="true" className={`w-6 text-center text-lg font-black ${passed ? 'text-green-700' : 'text-red-700'}`}>
                  {passed ? '✓' : '✗'}
                </span>
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap justify-between gap-2">
                    <span className="font-mono text-sm font-bold break-all">{test.name}</span>
                    <span className="text-xs uppercase">
                      <span className="sr-only">Outcome: </span>
                      {test.outcome}
                      {typeof test.duration_ms === 'number' && ` · ${test.duration_ms} ms`}
                    </span>
                  </div>
                  {test.message && <pre className="mt-1 overflow-x-auto bg-neutral-100 p-2 text-xs whitespace-pre-wrap">{test.message}</pre>}
                </div>
              </li>
            )
          })}
        </ul>
      )}
    </>
  )
}
