import { useState } from 'react'
import { EmptyState, ErrorMessage, Spinner } from '../../../../components/ui/index.js'
import CodePane from './CodePane.jsx'
import { highlightedLines, matchTitle, percent } from './similarityView.js'

const BUTTON = 'border-2 border-ink px-2 py-1 text-xs font-bold'

// Scrolls both panes to a region's first lines.
function showRegion(region) {
  for (const [side, prefix] of [
    ['ours', 'sim-ours'],
    ['theirs', 'sim-theirs'],
  ]) {
    document.getElementById(`${prefix}-${region[side][0]}`)?.scrollIntoView({ block: 'nearest' })
  }
}

function SideBySide({ match, finalCode }) {
  return (
    <div className="flex flex-col gap-2" data-testid="similarity-side-by-side">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-bold">Matching regions:</span>
        {match.regions.map((r, i) => (
          <button key={i} type="button" className={BUTTON} onClick={() => showRegion(r)}>
            Lines {r.ours[0]}–{r.ours[1]} ↔ {r.theirs[0]}–{r.theirs[1]}
          </button>
        ))}
      </div>
      <div className="grid gap-2 lg:grid-cols-2">
        <CodePane title="This submission" code={finalCode} marked={highlightedLines(match.regions, 'ours')} idPrefix="sim-ours" />
        <CodePane title={matchTitle(match)} code={match.their_code} marked={highlightedLines(match.regions, 'theirs')} idPrefix="sim-theirs" />
      </div>
    </div>
  )
}

// The final code's matches, best first; choosing one shows the matching regions side by side.
export default function SimilarityTab({ similarity }) {
  const { data, error, loading, reload } = similarity
  const [chosen, setChosen] = useState(0)
  if (loading && !data) return <Spinner label="Loading similarity…" />
  if (error && !data) return <ErrorMessage message={error} onRetry={reload} />
  if (data?.status === 'failed') {
    return <p role="alert" className="border-2 border-black p-3">The similarity check failed after its retries: {data.error}. No match is shown; an operator can see the failed job (`tali jobs failed`).</p>
  }
  if (!data || data.status !== 'done') return <p role="status">The similarity check is running; this page updates when it is done.</p>
  if (data.matches.length === 0) {
    return <EmptyState title="No similar code" message="The final code matches no other submission of this task in your organization, not the reference solution, and no AI reply beyond the starter code." />
  }
  const match = data.matches[Math.min(chosen, data.matches.length - 1)]
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm">
        Share of this submission's own code (the starter code excluded) found elsewhere. From {percent(data.threshold)} a match with another submission or the reference solution needs review; code from the AI is shown, not flagged.
      </p>
      <ul className="flex flex-col gap-2" aria-label="Matches">
        {data.matches.map((m, i) => (
          <li key={i}>
            <button type="button" aria-pressed={i === chosen} onClick={() => setChosen(i)} className={`flex w-full flex-wrap items-baseline justify-between gap-2 border-2 border-ink px-3 py-2 text-left text-sm ${i === chosen ? 'bg-brand text-paper' : 'bg-paper hover:bg-brand-light'}`}>
              <span className="font-bold">{matchTitle(m)}</span>
              <span className="font-mono">
                {percent(m.score)} · {m.regions.length} region{m.regions.length === 1 ? '' : 's'}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <SideBySide match={match} finalCode={data.final_code} />
    </div>
  )
}
