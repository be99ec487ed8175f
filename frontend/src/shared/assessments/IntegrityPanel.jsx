import { Badge, Card } from '../../components/ui/index.js'
import Explanation from './Explanation.jsx'
import EvidenceChip from './EvidenceChip.jsx'
import { reportFigures } from './figures.js'
import SessionActivity from './SessionActivity.jsx'
import { bandSummary, flagTitle } from './integrity.js'

const TONES = { review: 'bg-yellow-100', note: 'bg-brand-light', none: 'bg-paper' }

// The integrity items the engine recorded (pastes from outside, time away, prompt-injection attempts, long gaps)
// and the review band, each linked to its moment in the session like the signals' evidence. They never change the
// score.
export default function IntegrityPanel({ report, timeline, onEvidence }) {
  if (!report) return null
  const integrity = reportFigures(report).integrity
  const summary = bandSummary(integrity)
  return (
    <Card title="Integrity">
      <div className={`border-2 border-ink p-3 ${TONES[summary.tone]}`} data-testid="review-band">
        <h3 className="font-black uppercase">{summary.title}</h3>
        <p className="mt-1 text-sm">{summary.reason}</p>
      </div>
      <p className="mt-3 text-xs text-neutral-700">These are observations for a person to check, not conclusions: they never change the score, and an own editor, accessibility tools or a break explain many of them.</p>
      {integrity.flags.length > 0 && (
        <ul className="mt-3 flex flex-col gap-3">
          {integrity.flags.map((f, i) => (
            <li key={i} className="border-2 border-ink p-3" data-testid="integrity-item">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h4 className="font-bold">{flagTitle(f.kind)}</h4>
                {f.severity === 'high' && <Badge tone="yellow">Closer look</Badge>}
              </div>
              <Explanation text={f.explanation} timeline={timeline} onEvidence={onEvidence} />
              {f.evidence.length > 0 && !f.explanation.includes('[') && (
                <ul aria-label={`Moments for ${flagTitle(f.kind)}`} className="mt-2 flex flex-wrap gap-1">
                  {f.evidence.map((ref, j) => (
                    <li key={j}>
                      <EvidenceChip evidence={ref} timeline={timeline} onOpen={onEvidence} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <SessionActivity report={report} onEvidence={onEvidence} />
    </Card>
  )
}
