import { EmptyState } from '../../../components/ui/index.js'
import { formatDateTime } from '../../../lib/format.js'

export default function TimelineTab({ timeline }) {
  const events = [...(timeline ?? [])].sort((a, b) => new Date(a.at) - new Date(b.at))
  if (events.length === 0) return <EmptyState title="No events" message="Nothing was recorded for this session." />
  return (
    <ol className="relative ml-3 border-l-2 border-ink">
      {events.map((e, i) => (
        <li key={`${e.at}-${i}`} className="mb-4 ml-5">
          <span aria-hidden="true" className="absolute -left-[7px] mt-1.5 h-3 w-3 border-2 border-ink bg-brand" />
          <p className="text-xs text-neutral-600">
            <time dateTime={e.at}>{formatDateTime(e.at)}</time> · <span className="font-bold uppercase">{String(e.type).replace(/_/g, ' ')}</span>
          </p>
          <p className="text-sm">{e.description}</p>
        </li>
      ))}
    </ol>
  )
}
