import { Tabs } from '../../../components/ui/index.js'
import { splitStderr, splitTestMessage } from './errorText.js'

// The error in one line, the trace folded under it; without a one-line error, the text as it is.
function ErrorFirst({ summary, trace, label, traceLabel = 'Show the trace' }) {
  if (!summary) return <pre className="font-mono text-xs whitespace-pre-wrap text-red-800" aria-label={label}>{trace}</pre>
  return (
    <div className="flex flex-col gap-1 text-red-800">
      {summary && <p className="font-mono text-xs font-bold whitespace-pre-wrap" aria-label={label}>{summary}</p>}
      {trace && (
        <details>
          <summary className="cursor-pointer text-xs font-bold">{traceLabel}</summary>
          <pre className="mt-1 overflow-x-auto font-mono text-xs whitespace-pre-wrap">{trace}</pre>
        </details>
      )}
    </div>
  )
}


const TABS = [
  { id: 'output', label: 'Output' },
  { id: 'tests', label: 'Tests' },
]

function OutputView({ result }) {
  if (!result) return <p className="text-sm text-neutral-600">Run your code to see its output here.</p>
  const { stdout, stderr, exit_code: exitCode, execution_time_ms: ms, timed_out: timedOut, truncated } = result
  return (
    <div className="flex flex-col gap-2" data-testid="console-output">
      {!stdout && !stderr && <p className="text-sm text-neutral-600">The program printed nothing.</p>}
      {stdout && <pre className="font-mono text-xs whitespace-pre-wrap" aria-label="Standard output">{stdout}</pre>}
      {stderr && <ErrorFirst {...splitStderr(stderr)} label="Standard error" />}
      {timedOut && <p className="text-xs font-bold text-red-700">The run hit the time limit and was stopped.</p>}
      {truncated && <p className="text-xs font-bold">The output was too long and has been cut short.</p>}
      <p className="border-t-2 border-ink pt-1 text-xs font-bold" data-testid="run-summary">
        Exit code <span className={exitCode === 0 ? 'text-green-700' : 'text-red-700'}>{exitCode ?? '—'}</span>
        {typeof ms === 'number' && ` · ${ms} ms`}
      </p>
    </div>
  )
}

const OUTCOME_STYLE = { passed: 'bg-green-100 text-green-900', failed: 'bg-red-100 text-red-900', error: 'bg-red-100 text-red-900' }

function TestsView({ result }) {
  if (!result) return <p className="text-sm text-neutral-600">Run the tests to see which ones pass.</p>
  const details = Array.isArray(result.test_details) ? result.test_details : []
  return (
    <div className="flex flex-col gap-2" data-testid="console-tests">
      <p className="text-sm font-black">
        {result.tests_passed} / {result.tests_total} tests passed
      </p>
      {result.timed_out && <p className="text-xs font-bold text-red-700">The tests hit the time limit and were stopped.</p>}
      {/* pytest could not import the tests (e.g. a syntax error or a renamed function): that is the whole story. */}
      {result.collection_error && (
        <ErrorFirst summary={result.error_summary ?? ''} trace={result.collection_error} label="Test collection error" traceLabel="Show pytest's output" />
      )}
      <ul className="flex flex-col gap-1">
        {details.map((test) => (
          <li key={test.name} className="border-2 border-ink p-1.5 text-xs">
            <div className="flex items-center justify-between gap-2">
              <span className="font-mono font-semibold break-all">{test.name}</span>
              <span className={`border border-ink px-1 font-bold uppercase ${OUTCOME_STYLE[test.outcome] ?? 'bg-neutral-200'}`}>{test.outcome}</span>
            </div>
            {test.message && <div className="mt-1"><ErrorFirst {...splitTestMessage(test.message)} /></div>}
          </li>
        ))}
      </ul>
    </div>
  )
}

// Output of the last run and results of the last visible-test run, one tab each.
// The arbitrary variants stretch the shared Tabs panel so it scrolls inside the fixed-height console.
export default function ConsolePanel({ tab, onTabChange, output, tests }) {
  return (
    <section aria-label="Console" className="flex h-full min-h-0 flex-col [&_[role=tabpanel]]:min-h-0 [&_[role=tabpanel]]:flex-1 [&_[role=tabpanel]]:pt-2 [&>div]:flex [&>div]:min-h-0 [&>div]:flex-1 [&>div]:flex-col">
      <Tabs tabs={TABS} active={tab} onChange={onTabChange} idPrefix="console">
        <div className="h-full overflow-y-auto px-3 pb-3">
          {tab === 'output' ? <OutputView result={output} /> : <TestsView result={tests} />}
        </div>
      </Tabs>
    </section>
  )
}
