import { EmptyState } from '../../../components/ui/index.js'

const PASSED = new Set(['passed', 'pass', 'ok'])

export default function TestResultsTab({ results }) {
  const details = results?.test_details ?? []
  if (details.length === 0) return <EmptyState title="No test results" message="The tests have not produced results for this assessment." />
  return (
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
  )
}
