import { Card } from '../../components/ui/index.js'
import EvidenceChip from './EvidenceChip.jsx'
import Explanation from './Explanation.jsx'
import { explanationParts, humanLabel } from './evidence.js'
import { reportFigures } from './figures.js'
import FigureValue from './FigureValue.jsx'
import ScoreText from './ScoreText.jsx'

// A signal such as correctness can cite every hidden test; the first few make the point.
const EVIDENCE_SHOWN = 8

// What the AI judges (code quality, prompt quality) have done to the scores shown; nothing once they are done.
const JUDGES_TEXT = {
  pending: 'The AI review of code and prompt quality is running; those scores may still change.',
  failed: 'The AI review failed, so code and prompt quality show the deterministic scores.',
  not_configured: 'No AI provider is configured, so code and prompt quality show the deterministic scores.',
}

// The evidence the sentence does not already link, so no item is listed twice.
function notInProse(signal) {
  const inline = new Set(
    explanationParts(signal.explanation)
      .filter((p) => p.ref)
      .map((p) => humanLabel(p.ref)),
  )
  return signal.evidence.filter((ref) => !inline.has(humanLabel(ref)))
}

// `timeline` gives the chips their times; `onEvidence(ref)` makes them open the cited item.
export default function SignalsPanel({ report, timeline, onEvidence }) {
  const { signals, aiCollaboration, leftOut } = reportFigures(report)
  const judgesNote = JUDGES_TEXT[report?.judges?.status]
  return (
    <Card title="Signals">
      {judgesNote && (
        <p role="status" className="mb-3 border-2 border-brand bg-brand-light p-2 text-sm">
          {judgesNote}
        </p>
      )}
      {signals.length === 0 ? (
        <p className="text-sm text-neutral-600">No signal breakdown is available for this assessment yet.</p>
      ) : (
        <>
          <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2 border-2 border-ink p-3" data-testid="ai-collaboration">
            <h3 className="font-bold">{aiCollaboration.label}</h3>
            {aiCollaboration.score === null ? <span className="text-sm font-bold text-neutral-600">{aiCollaboration.note}</span> : <ScoreText score={aiCollaboration.score} />}
          </div>
          {leftOut.length > 0 && (
            <p className="mb-3 text-sm" data-testid="left-out">
              Left out of the overall score, which is renormalised over the other signals:{' '}
              {leftOut.map((l) => `${l.title} (${l.reason})`).join('; ')}.
            </p>
          )}
          <ul className="flex flex-col gap-3">
            {signals.map((s) => ({ ...s, evidence: notInProse(s) })).map((s) => (
              <li key={s.key} className="border-2 border-ink p-3" data-testid="signal">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-bold">{s.name}</h3>
                  <FigureValue signal={s} />
                </div>
                {(s.explanation || s.reason) && <Explanation text={s.explanation || s.reason} timeline={timeline} onEvidence={onEvidence} />}
                {s.evidence.length > 0 && (
                  <ul aria-label={`Evidence for ${s.name}`} className="mt-2 flex flex-wrap gap-1">
                    {s.evidence.slice(0, EVIDENCE_SHOWN).map((ref, i) => (
                      <li key={i} className="break-all">
                        <EvidenceChip evidence={ref} timeline={timeline} onOpen={onEvidence} />
                      </li>
                    ))}
                    {s.evidence.length > EVIDENCE_SHOWN && <li className="px-1.5 text-xs font-bold">+{s.evidence.length - EVIDENCE_SHOWN} more</li>}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  )
}
