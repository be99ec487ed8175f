import { useEffect, useState } from 'react'
import CandidateShell from './CandidateShell.jsx'

// The start request gives no progress of its own, so the bar advances on typical timings and waits at 90%.
const STEPS = [
  { label: 'Reserving your sandbox', at: 0 },
  { label: 'Copying the task files', at: 2500 },
  { label: 'Installing the dependencies', at: 5000 },
  { label: 'Opening the editor', at: 9000 },
]
const EXPECTED_MS = 12000

export default function StartingScreen({ resuming }) {
  const [elapsed, setElapsed] = useState(0)
  useEffect(() => {
    const began = performance.now()
    const id = setInterval(() => setElapsed(performance.now() - began), 200)
    return () => clearInterval(id)
  }, [])
  const percent = Math.min(90, Math.round((elapsed / EXPECTED_MS) * 100))
  const current = STEPS.filter((step) => elapsed >= step.at).length - 1
  return (
    <CandidateShell>
      <h1 className="text-2xl font-black">{resuming ? 'Resuming your assessment' : 'Preparing your workspace'}</h1>
      <p className="mt-1 text-sm text-neutral-700">This usually takes a few seconds. Please keep this tab open.</p>
      <div
        role="progressbar"
        aria-label="Preparing your workspace"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="mt-6 h-6 border-2 border-ink bg-paper"
      >
        <div className="h-full bg-brand transition-[width] duration-200" style={{ width: `${percent}%` }} />
      </div>
      <ol className="mt-4 flex flex-col gap-1 text-sm">
        {STEPS.map((step, i) => (
          <li key={step.label} className={i < current ? 'text-neutral-500 line-through' : i === current ? 'font-bold' : 'text-neutral-400'}>
            {i < current ? '✓' : i === current ? '→' : '·'} {step.label}
          </li>
        ))}
      </ol>
    </CandidateShell>
  )
}
