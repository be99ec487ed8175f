import { useEffect, useState } from 'react'

const URGENT_BELOW_SECONDS = 5 * 60

// "28:34": whole minutes (may exceed 59) and seconds, never negative.
export function formatRemaining(seconds) {
  const total = Math.max(0, Math.ceil(Number(seconds) || 0))
  const minutes = Math.floor(total / 60)
  return `${String(minutes).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}

export const isUrgent = (seconds) => seconds < URGENT_BELOW_SECONDS

export const timerClass = (seconds) => (isUrgent(seconds) ? 'bg-red-600 text-paper' : 'bg-paper text-ink')

// Seconds left according to the server. `time_remaining_seconds` is measured on the server, so it is immune to
// a wrong client clock; the deadline is only a fallback and needs the server's `now` to be trustworthy.
export function serverRemainingSeconds(start) {
  if (typeof start?.time_remaining_seconds === 'number') return Math.max(0, start.time_remaining_seconds)
  const deadline = Date.parse(start?.deadline ?? '')
  return Number.isFinite(deadline) ? Math.max(0, (deadline - Date.now()) / 1000) : 0
}

const monotonicNow = () => performance.now()

export const remainingAt = (serverSeconds, receivedAt, nowMs) => Math.max(0, serverSeconds - (nowMs - receivedAt) / 1000)

// Counts down from the server's figure, received at `receivedAt` on the monotonic clock, so changing the system
// time does not move it.
export function useCountdown(serverSeconds, receivedAt, now = monotonicNow) {
  const [remaining, setRemaining] = useState(() => remainingAt(serverSeconds, receivedAt, now()))
  useEffect(() => {
    const tick = () => setRemaining(remainingAt(serverSeconds, receivedAt, now()))
    tick()
    const id = setInterval(tick, 250)
    return () => clearInterval(id)
  }, [serverSeconds, receivedAt, now])
  return remaining
}
