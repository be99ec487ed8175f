import { useEffect, useMemo, useState } from 'react'
import CodeEditor from '../../../../components/CodeEditor.jsx'
import { EmptyState, ErrorMessage, Spinner } from '../../../../components/ui/index.js'
import { sessionClock } from '../../../../shared/assessments/evidence.js'
import { parseHash } from '../../../../lib/router.js'
import { useAsync } from '../../../../lib/useAsync.js'
import { getReplay } from '../../api.js'
import CodeDiff from '../CodeDiff.jsx'
import ReplayChat from './ReplayChat.jsx'
import ReplayControls from './ReplayControls.jsx'
import ReplayScrubber from './ReplayScrubber.jsx'
import { activityTimes, buildMarkers, codeAt, lastAtOrBefore, previousMarker, rebuildStates, replayHash } from './replayData.js'
import { replayKeyAction } from './replayKeys.js'
import { useReplayPlayer } from './useReplayPlayer.js'

function Player({ assessmentId, replay, initialT }) {
  const states = useMemo(() => rebuildStates(replay.snapshots), [replay])
  const markers = useMemo(() => buildMarkers(replay), [replay])
  const times = useMemo(() => activityTimes(states, markers, replay.chat), [states, markers, replay])
  const duration = replay.duration_ms
  const player = useReplayPlayer({ duration, times, initialT })
  const [showDiff, setShowDiff] = useState(false)
  const { t, seek } = player

  // A link to another moment of this replay (the timeline, an evidence chip) moves the player there.
  useEffect(() => {
    const onHash = () => {
      const { query } = parseHash(window.location.hash)
      const seconds = Number(query.get('t'))
      if (query.get('tab') === 'replay' && Number.isFinite(seconds)) seek(Math.round(seconds * 1000))
    }
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [seek])

  // The address follows the moment shown (while paused), so it can be copied as a deep link.
  useEffect(() => {
    if (!player.playing) window.history.replaceState(null, '', replayHash(assessmentId, t))
  }, [assessmentId, t, player.playing])

  const code = codeAt(states, t, replay.starter_code)
  const before = previousMarker(markers, t)
  const stepMarker = (direction) => {
    const i = lastAtOrBefore(markers, direction > 0 ? t : t - 1)
    const target = direction > 0 ? markers[i + 1] : markers[i]
    if (target) seek(target.at)
  }
  const onKeyDown = (event) => {
    const action = replayKeyAction(event)
    if (!action) return
    event.preventDefault()
    if (action.type === 'toggle') player.toggle()
    else if (action.type === 'step') seek(t + action.ms)
    else if (action.type === 'marker') stepMarker(action.direction)
    else if (action.type === 'start') seek(0)
    else if (action.type === 'end') seek(duration)
  }
  const current = markers.filter((m) => m.at === t)

  return (
    // The keys act anywhere in the player except inside the editor and the speed menu.
    <div className="flex flex-col gap-3" onKeyDown={onKeyDown} data-testid="replay">
      <ReplayControls player={player} duration={duration} onPrevMarker={() => stepMarker(-1)} onNextMarker={() => stepMarker(1)} showDiff={showDiff} onToggleDiff={() => setShowDiff((d) => !d)} canDiff={before !== null} />
      <ReplayScrubber t={t} duration={duration} markers={markers} onSeek={seek} />
      <p className="text-xs text-neutral-600">Keys: Space play/pause · ←/→ 5 s (Shift: 30 s) · [ and ] previous/next marker · Home/End. Idle stretches over 10 s are skipped while playing.</p>
      <p role="status" className="min-h-5 text-sm font-bold" data-testid="replay-moment">
        {current.length > 0 ? current.map((m) => m.label).join(' · ') : `${sessionClock(t)} into the session`}
      </p>
      <div className="grid gap-3 lg:grid-cols-[1fr_300px]">
        {showDiff && before ? (
          <div className="flex flex-col gap-1">
            <p className="text-xs font-bold">
              Changes since {before.label.toLowerCase()} at {sessionClock(before.at)}
            </p>
            <CodeDiff starter={codeAt(states, before.at, replay.starter_code)} final={code} baseLabel="that marker" />
          </div>
        ) : (
          <div data-testid="replay-code" data-code={code}>
            <CodeEditor value={code} readOnly height="480px" ariaLabel={`Code at ${sessionClock(t)} (read-only)`} />
          </div>
        )}
        <ReplayChat chat={replay.chat} t={t} />
      </div>
    </div>
  )
}

export default function ReplayTab({ assessmentId, initialT }) {
  const { data, error, loading, reload } = useAsync(() => getReplay(assessmentId), [assessmentId])
  if (loading && !data) return <Spinner label="Loading the replay…" />
  if (error && !data) return <ErrorMessage message={error} onRetry={reload} />
  if (!data || (data.snapshots.length === 0 && data.events.length === 0)) {
    return <EmptyState title="Nothing to replay" message="No code states were recorded for this session." />
  }
  return <Player assessmentId={assessmentId} replay={data} initialT={initialT} />
}
