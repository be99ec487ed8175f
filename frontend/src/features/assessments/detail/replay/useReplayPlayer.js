import { useCallback, useEffect, useRef, useState } from 'react'
import { nextActivity } from './replayData.js'

export const SPEEDS = [1, 2, 4, 8, 16, 32]
// A stretch with nothing happening longer than this (session time) is skipped while playing.
export const IDLE_SKIP_MS = 10_000
// Playing resumes this long before the next moment after a skip, so the change is seen coming.
const SKIP_LEAD_MS = 1_000
const TICK_MS = 100

// The player's clock: the moment shown (`t`, ms into the session), play/pause, speed, idle stretches skipped.
export function useReplayPlayer({ duration, times, initialT = 0 }) {
  const [t, setT] = useState(() => Math.min(Math.max(0, initialT), duration))
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState(1)
  const clock = useRef({ times, duration, speed })
  clock.current = { times, duration, speed }

  useEffect(() => {
    if (!playing) return undefined
    const timer = setInterval(() => {
      setT((current) => {
        const { times: moments, duration: end, speed: rate } = clock.current
        let next = current + TICK_MS * rate
        const upcoming = nextActivity(moments, current)
        if (upcoming !== null && upcoming - current > IDLE_SKIP_MS) next = Math.max(next, upcoming - SKIP_LEAD_MS)
        if (upcoming === null && end - current > IDLE_SKIP_MS) next = end
        if (next >= end) {
          setPlaying(false)
          return end
        }
        return next
      })
    }, TICK_MS)
    return () => clearInterval(timer)
  }, [playing])

  const seek = useCallback((to) => setT(Math.min(Math.max(0, Math.round(to)), clock.current.duration)), [])
  const toggle = useCallback(() => {
    setPlaying((p) => {
      // Playing from the end starts over.
      if (!p) setT((current) => (current >= clock.current.duration ? 0 : current))
      return !p
    })
  }, [])
  return { t, playing, speed, setSpeed, seek, toggle, pause: () => setPlaying(false) }
}
