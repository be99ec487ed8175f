import { STATUS_TEXT } from './figures.js'
import ScoreText from './ScoreText.jsx'

// A signal's figure as every view shows it: its score, or why it has none.
export default function FigureValue({ signal }) {
  if (!signal) return <span className="text-sm font-bold text-neutral-600">Not scored</span>
  if (signal.status === 'scored') return <ScoreText score={signal.score} />
  return <span className="text-sm font-bold text-neutral-600">{STATUS_TEXT[signal.status] ?? 'Not scored'}</span>
}
