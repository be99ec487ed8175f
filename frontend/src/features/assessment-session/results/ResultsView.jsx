import { formatScore } from '../../../lib/format.js'
import SignalsPanel from '../../../shared/assessments/SignalsPanel.jsx'
import SessionShell from '../SessionShell.jsx'

// What the candidate sees after submitting: that it was submitted and, when the organization shares it (the
// server sends a score_report only then), the overall score, the tests and the signal breakdown.
export default function ResultsView({ results, automatic }) {
  const shared = Boolean(results.score_report)
  const testsTotal = results.tests_total ?? results.test_results?.tests_total
  const testsPassed = results.tests_passed ?? results.test_results?.tests_passed
  return (
    <SessionShell>
      {automatic && (
        <p role="status" className="mb-4 border-2 border-ink bg-yellow-100 p-3 text-sm font-bold">
          Time was up, so your work was submitted automatically.
        </p>
      )}
      <h1 className="text-3xl font-black tracking-tight">Assessment submitted</h1>
      <p className="mt-1 text-sm text-neutral-700" data-testid="submitted-message">
        {shared ? 'Thank you. The company that invited you has received your work and this report.' : 'Thank you. The company that invited you has received your work and will be in touch about the next steps.'}
      </p>
      {shared && (
        <>
      <div className="mt-6 grid grid-cols-2 gap-4">
        <div className="border-2 border-ink p-4">
          <p className="text-xs font-bold uppercase">Score</p>
          <p className="text-4xl font-black text-brand" data-testid="result-score">
            {formatScore(results.score)}
          </p>
        </div>
        <div className="border-2 border-ink p-4">
          <p className="text-xs font-bold uppercase">Tests passed</p>
          <p className="text-4xl font-black" data-testid="result-tests">
            {typeof testsTotal === 'number' ? `${testsPassed ?? 0}/${testsTotal}` : '—'}
          </p>
        </div>
      </div>
      <div className="mt-6">
        <SignalsPanel report={results.score_report} />
      </div>
        </>
      )}
    </SessionShell>
  )
}
