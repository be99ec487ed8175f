import { useEffect, useState } from 'react'
import { Badge, Button, EmptyState, ErrorMessage, Spinner } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { getWorkableActivity } from '../api.js'

const STATUS_TONE = { invited: 'green', failed: 'red', sending: 'yellow' }

export default function ActivityList() {
  const [activity, setActivity] = useState(null)
  const [error, setError] = useState('')
  const [loadingMore, setLoadingMore] = useState(false)

  useEffect(() => {
    getWorkableActivity()
      .then(setActivity)
      .catch((err) => setError(errorMessage(err, 'Could not load the Workable activity.')))
  }, [])

  // The next page continues after the last row shown, so rows that arrive meanwhile neither repeat nor shift it.
  const loadMore = () => {
    setLoadingMore(true)
    setError('')
    getWorkableActivity(activity.next_cursor)
      .then((page) => setActivity({ ...page, items: [...activity.items, ...page.items] }))
      .catch((err) => setError(errorMessage(err, 'Could not load more Workable activity.')))
      .finally(() => setLoadingMore(false))
  }

  return (
    <section className="flex flex-col gap-2">
      <h3 className="font-black uppercase">Recent invitations from Workable</h3>
      {error && <ErrorMessage message={error} />}
      {!error && !activity && <Spinner label="Loading activity…" />}
      {activity && activity.items.length === 0 && (
        <EmptyState title="No invitations yet" message="Candidates moved to the mapped stage in Workable appear here." />
      )}
      {activity && activity.items.length > 0 && (
        <ul className="flex flex-col border-2 border-ink">
          {activity.items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center gap-3 border-b-2 border-ink p-2 text-sm last:border-b-0">
              <Badge tone={STATUS_TONE[item.status] ?? 'gray'}>{item.status}</Badge>
              <span className="font-bold">{item.candidate_name || item.workable_candidate_id}</span>
              <span>
                {item.job_shortcode || 'any job'} · {item.stage_slug}
              </span>
              {item.assessment_id && (
                <a className="font-bold underline" href={`#/assessments/${item.assessment_id}`}>
                  Assessment #{item.assessment_id}
                </a>
              )}
              {item.error && <span className="text-red-700">{item.error}</span>}
            </li>
          ))}
        </ul>
      )}
      {activity && activity.total > activity.items.length && (
        <div className="flex items-center gap-3">
          <p className="text-xs text-neutral-600">
            Showing the latest {activity.items.length} of {activity.total}.
          </p>
          {activity.next_cursor && (
            <Button variant="secondary" size="sm" onClick={loadMore} loading={loadingMore}>
              Load more
            </Button>
          )}
        </div>
      )}
    </section>
  )
}
