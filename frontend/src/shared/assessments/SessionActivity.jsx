import { Badge } from '../../components/ui/index.js'
import { sessionClock } from './evidence.js'
import { awayFor, sessionActivity } from './integrity.js'

const ROW = 'flex flex-wrap items-baseline justify-between gap-2 border-b-2 border-ink py-1.5 last:border-b-0'

// The moment of a paste or absence: a button that opens the replay there, or plain text without `onOpen`.
function Moment({ entry, label, onOpen }) {
  const text = `${label} at ${sessionClock(entry.t_ms)}`
  if (!onOpen) return <span className="font-mono text-sm">{text}</span>
  return (
    <button type="button" className="font-mono text-sm underline hover:text-brand focus:outline-2 focus:outline-brand" onClick={() => onOpen(entry.ref)}>
      {text}
    </button>
  )
}

// Every paste and every time away, not only those the engine flagged: the recruiter sees the whole picture and can
// open the replay at each moment.
export default function SessionActivity({ report, onEvidence }) {
  const { listed, pastes, absences } = sessionActivity(report)
  if (!listed) return null
  return (
    <div className="mt-4 flex flex-col gap-4">
      <section aria-label="Every paste">
        <h4 className="font-black uppercase">Pastes ({pastes.length})</h4>
        {pastes.length === 0 ? (
          <p className="text-sm">No pastes in this session.</p>
        ) : (
          <ul className="border-2 border-ink px-2">
            {pastes.map((p) => (
              <li key={p.ref.index} className={ROW} data-testid="paste-row">
                <Moment entry={p} label={`Paste #${p.ref.index}`} onOpen={onEvidence} />
                <span className="text-sm">{p.chars.toLocaleString('en-GB')} characters</span>
                <span className="text-sm">
                  {p.outside ? <Badge tone="yellow">{p.source}</Badge> : p.source}
                  {!p.kept && ' · removed before the next save'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Every time away">
        <h4 className="font-black uppercase">Time away ({absences.length})</h4>
        {absences.length === 0 ? (
          <p className="text-sm">The candidate never left the assessment tab.</p>
        ) : (
          <ul className="border-2 border-ink px-2">
            {absences.map((a) => (
              <li key={a.ref.index} className={ROW} data-testid="absence-row">
                <Moment entry={a} label={`Left the tab #${a.ref.index}`} onOpen={onEvidence} />
                <span className="text-sm">away {awayFor(a.away_ms)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
