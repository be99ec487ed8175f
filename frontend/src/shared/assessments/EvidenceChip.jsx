import { humanLabel } from './evidence.js'

const CHIP = 'border border-ink bg-brand-light px-1.5 text-xs font-mono'

// One evidence link. With `onOpen` it is a button that opens the cited item; without (the candidate's own results
// page) it is a plain label.
export default function EvidenceChip({ evidence, timeline, onOpen }) {
  const label = humanLabel(evidence, timeline)
  if (!onOpen) return <span className={CHIP}>{label}</span>
  return (
    <button type="button" className={`${CHIP} underline hover:bg-brand hover:text-paper focus:outline-2 focus:outline-brand`} onClick={() => onOpen(evidence)}>
      {label}
    </button>
  )
}
