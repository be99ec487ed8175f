import { useEffect, useState } from 'react'
import SessionShell from './SessionShell.jsx'

// The start request reports no progress of its own, so the bar is an estimate from typical start-up times:
// it fills towards 90% over EXPECTED_MS and waits there until the sandbox is ready.
const EXPECTED_MS = 10000

export default function StartingScreen({ resuming }) {
  const [elapsed, setElapsed] = useState(0)
  useEffect(() => {
    const began = performance.now()
    const id = setInterval(() => setElapsed(performance.now() - began), 200)
    return () => clearInterval(id)
  }, [])
  const percent = Math.min(90, Math.round((elapsed / EXPECTED_MS) * 90))
  const seconds = Math.floor(elapsed / 1000)
  return (
    <SessionShell>
      <h1 className="text-2xl font-black">{resuming ? 'Resuming your assessment' : 'Preparing your workspace'}</h1>
      <p className="mt-1 text-sm text-neutral-700">
        We are creating your private sandbox and loading the editor. Please keep this tab open.
      </p>
      <div
        role="progressbar"
        aria-label="Preparing your workspace"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`About ${percent}% (estimated)`}
        className="mt-6 h-6 border-2 border-ink bg-paper"
      >
        <div className="h-full bg-brand transition-[width] duration-200" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-2 text-xs text-neutral-600" aria-live="off">
        Usually ready in about {EXPECTED_MS / 1000} seconds · {seconds} s so far
      </p>
    </SessionShell>
  )
}
