import { useCallback, useEffect, useRef, useState } from 'react'
import { sendEvents } from '../api.js'
import { saveLocal } from '../session/localSession.js'
import { createEventQueue } from './eventQueue.js'

export const SNAPSHOT_INTERVAL_MS = 5000
// Snapshots follow changes only; the heartbeat says the IDE is still recording while the candidate thinks.
export const HEARTBEAT_INTERVAL_MS = 30000

export const eventsStorageKey = (token) => `tali_candidate_events_${token}`

// Records the session for the reviewer and keeps the work safe: code snapshots (every 5 s while it changes,
// and when the window loses focus or the page is hidden), a heartbeat every 30 s while focused, focus changes, and whatever the IDE records
// (runs, tests, pastes, chat inserts). Nothing here waits on the network; typing never blocks.
export default function useSessionRecorder({ assessmentId, token, code }) {
  const [connection, setConnection] = useState({ online: true, pending: 0 })
  const codeRef = useRef(code)
  const lastSnapshot = useRef(code)
  const queueRef = useRef(null)

  if (!queueRef.current) {
    queueRef.current = createEventQueue({
      send: (events, options) => sendEvents(assessmentId, token, events, options),
      storage: localStorage,
      storageKey: eventsStorageKey(token),
      onStatus: setConnection,
      onSent: (events) => {
        const snapshots = events.filter((event) => event.type === 'snapshot')
        if (snapshots.length) saveLocal(token, { syncedCode: snapshots[snapshots.length - 1].data.code })
      },
    })
  }
  const queue = queueRef.current

  // Every keystroke goes to local storage at once; only the periodic snapshot touches the network.
  useEffect(() => {
    codeRef.current = code
    saveLocal(token, { code })
  }, [token, code])

  const snapshot = useCallback(() => {
    if (codeRef.current === lastSnapshot.current) return
    lastSnapshot.current = codeRef.current
    queue.push('snapshot', { code: codeRef.current })
  }, [queue])

  useEffect(() => {
    const timer = setInterval(snapshot, SNAPSHOT_INTERVAL_MS)
    const heartbeat = setInterval(() => {
      if (document.visibilityState === 'visible' && document.hasFocus()) queue.push('heartbeat')
    }, HEARTBEAT_INTERVAL_MS)
    const onBlur = () => {
      snapshot()
      queue.push('focus_lost')
      queue.flush()
    }
    const onFocus = () => queue.push('focus_gained')
    const onHide = () => {
      if (document.visibilityState !== 'hidden') return
      snapshot()
      queue.flushBeforeUnload()
    }
    const onPageHide = () => {
      snapshot()
      queue.flushBeforeUnload()
    }
    const onOnline = () => queue.flush()
    window.addEventListener('blur', onBlur)
    window.addEventListener('focus', onFocus)
    window.addEventListener('pagehide', onPageHide)
    window.addEventListener('online', onOnline)
    document.addEventListener('visibilitychange', onHide)
    queue.start() // also sends events left over from an earlier visit
    return () => {
      queue.stop()
      clearInterval(timer)
      clearInterval(heartbeat)
      window.removeEventListener('blur', onBlur)
      window.removeEventListener('focus', onFocus)
      window.removeEventListener('pagehide', onPageHide)
      window.removeEventListener('online', onOnline)
      document.removeEventListener('visibilitychange', onHide)
    }
  }, [queue, snapshot])

  const record = useCallback((type, data) => queue.push(type, data), [queue])

  // Before submitting: the final code as a snapshot, and one attempt to deliver what is queued.
  const settle = useCallback(async () => {
    snapshot()
    await queue.flush()
  }, [queue, snapshot])

  return { record, settle, connection }
}
