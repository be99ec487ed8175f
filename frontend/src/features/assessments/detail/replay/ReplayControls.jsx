import { sessionClock } from '../../../../shared/assessments/evidence.js'
import { SPEEDS } from './useReplayPlayer.js'

const BUTTON = 'border-2 border-ink px-3 py-1 text-xs font-bold uppercase disabled:opacity-40'

// Play/pause, speed, marker stepping and the diff toggle, above the scrubber.
export default function ReplayControls({ player, duration, onPrevMarker, onNextMarker, showDiff, onToggleDiff, canDiff }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" className={`${BUTTON} bg-brand text-paper`} onClick={player.toggle}>
        {player.playing ? 'Pause' : 'Play'}
      </button>
      <label className="flex items-center gap-1 text-xs font-bold uppercase">
        Speed
        <select className="border-2 border-ink bg-paper px-1 py-0.5" value={player.speed} onChange={(e) => player.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" className={BUTTON} onClick={onPrevMarker}>
        ← Marker
      </button>
      <button type="button" className={BUTTON} onClick={onNextMarker}>
        Marker →
      </button>
      <button type="button" className={`${BUTTON} ${showDiff ? 'bg-brand text-paper' : ''}`} aria-pressed={showDiff} disabled={!canDiff} onClick={onToggleDiff}>
        Diff from previous marker
      </button>
      <span className="ml-auto font-mono text-sm" data-testid="replay-clock">
        {sessionClock(player.t)} / {sessionClock(duration)}
      </span>
    </div>
  )
}
