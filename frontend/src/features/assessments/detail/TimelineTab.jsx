import { EmptyState } from '../../../components/ui/index.js'
import { formatDateTime } from '../../../lib/format.js'
import { sessionClock, timelineAnchor } from '../../../shared/assessments/evidence.js'
import { replayHash } from './replay/replayData.js'

// "test run 3" → "Test run #3": the same numbering the report's links use.
function refLabel(ref) {
  const m = /^(.*) (\d+)$/.exec(ref ?? '')
  return m ? `${m[1][0].toUpperCase()}${m[1].slice(1)} #${m[2]}` : null
}

// `focus` is the anchor an evidence link opened: that entry is scrolled to and marked. Each entry links to the
// replay at its moment.
export default function TimelineTab({ timeline, focus, assessmentId }) {
  const events = [...(timeline ?? [])].sort((a, b) => (a.t_ms ?? 0) - (b.t_ms ?? 0) || new Date(a.at) - new Date(b.at))
  if (events.length === 0) return <EmptyState title="No events" message="Nothing was recorded for this session." />
  return (
    <ol className="relative ml-3 border-l-2 border-ink">
      {events.map((e, i) => {
        const anchor = timelineAnchor(e.ref)
        const focused = anchor !== undefined && anchor === focus
        return (
          <li key={`${e.at}-${i}`} id={anchor} aria-current={focused ? 'true' : undefined} className={`mb-4 ml-5 scroll-mt-24 ${focused ? 'border-2 border-brand bg-brand-light p-2' : ''}`}>
            <span aria-hidden="true" className="absolute -left-[7px] mt-1.5 h-3 w-3 border-2 border-ink bg-brand" />
            <p className="text-xs text-neutral-600">
              {typeof e.t_ms === 'number' && <span className="font-mono">{sessionClock(e.t_ms)} · </span>}
              <time dateTime={e.at}>{formatDateTime(e.at)}</time> · <span className="font-bold uppercase">{String(e.type).replace(/_/g, ' ')}</span>
              {refLabel(e.ref) && <span className="font-bold"> · {refLabel(e.ref)}</span>}
            </p>
            <p className="text-sm">
              {e.description}
              {typeof e.t_ms === 'number' && assessmentId !== undefined && (
                <a href={replayHash(assessmentId, e.t_ms)} className="ml-2 text-xs font-bold text-brand underline" aria-label={`Replay at ${sessionClock(e.t_ms)}`}>
                  Replay
                </a>
              )}
            </p>
          </li>
        )
      })}
    </ol>
  )
}
