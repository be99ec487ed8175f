// Horizontal-axis bar chart of the score buckets, drawn with CSS so it needs no chart library.
export default function ScoreDistribution({ buckets }) {
  const max = Math.max(1, ...buckets.map((b) => b.count))
  const total = buckets.reduce((sum, b) => sum + b.count, 0)
  if (total === 0) return <p className="text-sm text-neutral-600">No completed assessments yet, so there is no score distribution.</p>
  return (
    <figure>
      <div className="flex h-56 items-end gap-2 border-b-2 border-l-2 border-ink px-2" role="img" aria-label={buckets.map((b) => `${b.bucket}: ${b.count}`).join(', ')}>
        {buckets.map((b) => (
          <div key={b.bucket} className="flex h-full flex-1 flex-col items-center justify-end gap-1">
            <span className="text-xs font-bold">{b.count || ''}</span>
            <div className="w-full border-2 border-ink bg-brand" style={{ height: `${(b.count / max) * 85}%` }} />
          </div>
        ))}
      </div>
      <div className="flex gap-2 px-2 pt-1">
        {buckets.map((b) => (
          <span key={b.bucket} className="flex-1 text-center text-[10px] font-bold">
            {b.bucket}
          </span>
        ))}
      </div>
      <figcaption className="mt-2 text-xs text-neutral-600">Completed assessments by overall score (0-10).</figcaption>
    </figure>
  )
}
