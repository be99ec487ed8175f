// The check's clock: the server says how many seconds were left when it answered; the page counts down from
// there with its own clock, so a wrong computer clock cannot shorten or lengthen the time.
export function deadlineFrom(secondsLeft, receivedAtMs) {
  return receivedAtMs + Math.max(0, secondsLeft) * 1000
}

export function secondsUntil(deadlineMs, nowMs) {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000))
}

export function formatClock(seconds) {
  const s = Math.max(0, Math.floor(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}
