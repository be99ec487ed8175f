import { useState } from 'react'
import CodeEditor from '../../../components/CodeEditor.jsx'
import CodeDiff from './CodeDiff.jsx'
import { CODE_QUALITY_SIGNAL } from '../../../shared/assessments/signals.js'
import SubScores from './SubScores.jsx'

// The code-quality signal's numeric features (judge grades, lint counts) when the engine reports them.
function qualityFeatures(report) {
  const signal = (report?.signals ?? []).find((s) => s.id === CODE_QUALITY_SIGNAL)
  if (!signal) return { explanation: '', features: [] }
  const features = Object.entries(signal.features ?? {}).filter(([, v]) => typeof v === 'number')
  return { explanation: signal.explanation ?? '', features }
}

const VIEWS = [
  ['diff', 'Changes from the starter'],
  ['final', 'Final code'],
]

export default function CodeReviewTab({ assessment }) {
  const [view, setView] = useState('diff')
  const { explanation, features } = qualityFeatures(assessment.score_report)
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_280px]">
      <div className="flex flex-col gap-3">
        <div role="group" aria-label="Code view" className="flex gap-2">
          {VIEWS.map(([id, label]) => (
            <button key={id} type="button" aria-pressed={view === id} onClick={() => setView(id)} className={`border-2 border-ink px-3 py-1 text-xs font-bold uppercase ${view === id ? 'bg-brand text-paper' : 'bg-paper'}`}>
              {label}
            </button>
          ))}
        </div>
        {view === 'diff' ? (
          <CodeDiff starter={assessment.task?.starter_code ?? ''} final={assessment.final_code ?? ''} />
        ) : (
          <CodeEditor value={assessment.final_code ?? ''} readOnly height="480px" ariaLabel="Final code (read-only)" />
        )}
      </div>
      <aside className="flex flex-col gap-3">
        <h3 className="font-black uppercase">Quality breakdown</h3>
        <dl className="flex flex-col gap-2">
          <SubScores report={assessment.score_report} />
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
