import { sessionClock } from '../../../../shared/assessments/evidence.js'

// Marker colours by group; the legend names them.
export const GROUPS = {
  paste: { name: 'Paste', className: 'bg-red-500' },
  ai: { name: 'AI prompt or insert', className: 'bg-brand' },
  run: { name: 'Run or test run', className: 'bg-green-600' },
  focus: { name: 'Focus change', className: 'bg-yellow-400' },
  other: { name: 'Other', className: 'bg-neutral-400' },
}

// The session's time as a slider, with a button per marker above it at its moment.
export default function ReplayScrubber({ t, duration, markers, onSeek }) {
  const position = (at) => `${duration > 0 ? (at / duration) * 100 : 0}%`
  return (
    <div className="flex flex-col gap-1">
      <div className="relative h-6 border-2 border-b-0 border-ink bg-neutral-100" aria-label="Markers" role="group">
        {markers.map((m, i) => {
          const label = `${m.label} at ${sessionClock(m.at)}`
          return (
            <button
              key={i}
              type="button"
              title={label}
              aria-label={label}
              data-marker={m.type}
              onClick={() => onSeek(m.at)}
              className={`absolute top-0.5 h-4 w-2 -translate-x-1/2 border border-ink ${GROUPS[m.group]?.className ?? GROUPS.other.className} ${m.at === t ? 'outline-2 outline-ink' : ''}`}
              style={{ left: position(m.at) }}
            />
          )
        })}
        <span aria-hidden="true" className="pointer-events-none absolute top-0 h-full w-0.5 bg-ink" style={{ left: position(t) }} />
      </div>
      <input
        type="range"
        min={0}
        max={Math.max(duration, 1)}
        step={1000}
        value={t}
        onChange={(e) => onSeek(Number(e.target.value))}
        aria-label="Session time"
        aria-valuetext={`${sessionClock(t)} of ${sessionClock(duration)}`}
        className="w-full accent-brand"
      />
      <ul className="flex flex-wrap gap-3 text-xs" aria-label="Marker legend">
        {Object.entries(GROUPS)
          .filter(([group]) => markers.some((m) => m.group === group))
          .map(([group, g]) => (
            <li key={group} className="flex items-center gap-1">
              <span aria-hidden="true" className={`inline-block h-3 w-2 border border-ink ${g.className}`} />
              {g.name}
            </li>
          ))}
      </ul>
    </div>
  )
}
