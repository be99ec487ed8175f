import { reportFigures } from '../../../shared/assessments/figures.js'
import FigureValue from '../../../shared/assessments/FigureValue.jsx'
import ScoreText from '../../../shared/assessments/ScoreText.jsx'
import { CODE_QUALITY_SIGNAL } from '../../../shared/assessments/signals.js'

const TIME_EFFICIENCY_SIGNAL = 'S3'

// The sub-scores beside the final code, read from the report like every other view, under the engine's titles.
export default function SubScores({ report }) {
  const { byId, aiCollaboration } = reportFigures(report)
  const rows = [CODE_QUALITY_SIGNAL, TIME_EFFICIENCY_SIGNAL].map((id) => byId[id]).filter(Boolean)
  return (
    <>
      {rows.map((s) => (
        <div key={s.key} className="flex justify-between border-2 border-ink px-3 py-2 text-sm">
          <dt className="font-bold">{s.name}</dt>
          <dd>
            <FigureValue signal={s} />
          </dd>
        </div>
      ))}
      <div className="flex justify-between border-2 border-ink px-3 py-2 text-sm">
        <dt className="font-bold">{aiCollaboration.label}</dt>
        <dd>{aiCollaboration.score === null ? <span className="text-neutral-600">{aiCollaboration.note ?? 'Not scored'}</span> : <ScoreText score={aiCollaboration.score} />}</dd>
      </div>
    </>
  )
}
