import { Card } from '../../components/ui/index.js'
import ScoreText from './ScoreText.jsx'
import { evidenceLabel, normalizeSignal } from './signals.js'

// A signal such as correctness can cite every hidden test; the first few make the point.
const EVIDENCE_SHOWN = 8

const STATUS_TEXT = { not_applicable: 'Not applicable', insufficient: 'Insufficient evidence', not_graded: 'Not graded' }

// What the AI judges (code quality, prompt quality) have done to the scores shown; nothing once they are done.
const JUDGES_TEXT = {
  pending: 'The AI review of code and prompt quality is running; those scores may still change.',
  failed: 'The AI review failed, so code and prompt quality show the deterministic scores.',
  not_configured: 'No AI provider is configured, so code and prompt quality show the deterministic scores.',
}

export default function SignalsPanel({ report }) {
  const signals = Array.isArray(report?.signals) ? report.signals.map(normalizeSignal) : []
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
        <ul className="flex flex-col gap-3">
          {signals.map((s) => (
            <li key={s.key} className="border-2 border-ink p-3" data-testid="signal">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="font-bold">{s.name}</h3>
                {s.status === 'scored' ? (
                  <ScoreText score={s.score} />
                ) : (
                  <span className="text-sm font-bold text-neutral-600">{STATUS_TEXT[s.status]}</span>
                )}
              </div>
              {(s.explanation || s.reason) && <p className="mt-1 text-sm [overflow-wrap:anywhere]">{s.explanation || s.reason}</p>}
              {s.evidence.length > 0 && (
                <ul aria-label={`Evidence for ${s.name}`} className="mt-2 flex flex-wrap gap-1">
                  {s.evidence.slice(0, EVIDENCE_SHOWN).map((ref, i) => (
                    <li key={i} className="border border-ink bg-brand-light px-1.5 text-xs font-mono break-all">
                      {evidenceLabel(ref)}
                    </li>
                  ))}
                  {s.evidence.length > EVIDENCE_SHOWN && <li className="px-1.5 text-xs font-bold">+{s.evidence.length - EVIDENCE_SHOWN} more</li>}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}
