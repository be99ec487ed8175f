import { formatScore, scoreTone } from '../../lib/format.js'

const COLOURS = { green: 'text-green-700', yellow: 'text-yellow-800', red: 'text-red-700', gray: 'text-neutral-500' }

export default function ScoreText({ score, className = '' }) {
  const tone = scoreTone(score)
  return (
    <span data-tone={tone} className={`font-black ${COLOURS[tone]} ${className}`}>
      {formatScore(score)}
    </span>
  )
}
