import EvidenceChip from './EvidenceChip.jsx'
import { explanationParts } from './evidence.js'

// The engine's sentence with its `[test run 3]` links as chips under human labels.
export default function Explanation({ text, timeline, onEvidence }) {
  return (
    <p className="mt-1 text-sm [overflow-wrap:anywhere]">
      {explanationParts(text).map((part, i) => (part.ref ? <EvidenceChip key={i} evidence={part.ref} timeline={timeline} onOpen={onEvidence} /> : <span key={i}>{part.text}</span>))}
    </p>
  )
}
