import CodeEditor from '../../../components/CodeEditor.jsx'
import ScoreText from '../../../shared/assessments/ScoreText.jsx'
import { CODE_QUALITY_SIGNAL } from '../../../shared/assessments/signals.js'

const SUB_SCORES = [
  ['code_quality_score', 'Code quality'],
  ['time_efficiency_score', 'Time efficiency'],
  ['ai_usage_score', 'AI usage'],
]

// The code-quality signal's numeric features (judge grades, lint counts) when the engine reports them.
function qualityFeatures(report) {
  const signal = (report?.signals ?? []).find((s) => s.id === CODE_QUALITY_SIGNAL)
  if (!signal) return { explanation: '', features: [] }
  const features = Object.entries(signal.features ?? {}).filter(([, v]) => typeof v === 'number')
  return { explanation: signal.explanation ?? '', features }
}

export default function CodeReviewTab({ assessment }) {
  const { explanation, features } = qualityFeatures(assessment.score_report)
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_280px]">
      <CodeEditor value={assessment.final_code ?? ''} readOnly height="480px" ariaLabel="Final code (read-only)" />
      <aside className="flex flex-col gap-3">
        <h3 className="font-black uppercase">Quality breakdown</h3>
        <dl className="flex flex-col gap-2">
          {SUB_SCORES.map(([field, label]) => (
            <div key={field} className="flex justify-between border-2 border-ink px-3 py-2 text-sm">
              <dt className="font-bold">{label}</dt>
              <dd>{typeof assessment[field] === 'number' ? <ScoreText score={assessment[field]} /> : 'Not scored'}</dd>
            </div>
          ))}
          {features.map(([name, value]) => (
            <div key={name} className="flex justify-between border-2 border-dashed border-ink px-3 py-1 text-xs">
              <dt>{name.replace(/_/g, ' ')}</dt>
              <dd className="font-mono">{Number.isInteger(value) ? value : value.toFixed(2)}</dd>
            </div>
          ))}
        </dl>
        {explanation && <p className="text-sm">{explanation}</p>}
      </aside>
    </div>
  )
}
