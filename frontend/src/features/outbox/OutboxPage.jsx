import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { Badge, Card, EmptyState, ErrorMessage, Pagination, Spinner } from '../../components/ui/index.js'
import { listEmails } from '../../lib/api.js'
import { formatDateTime } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import EmailPreview from './EmailPreview.jsx'

const PAGE_SIZE = 20
const STATUS_TONE = { sent: 'green', queued: 'blue', pending: 'blue', failed: 'red', stored: 'purple' }

export default function OutboxPage() {
  const [offset, setOffset] = useState(0)
  const [selected, setSelected] = useState(null)
  const list = useAsync(() => listEmails({ limit: PAGE_SIZE, offset }), [offset])
  const items = list.data?.items ?? []

  return (
    <>
      <PageHeader title="Outbox" subtitle="Emails sent on your organization's behalf: invitations, results and password resets." />
      {list.error && <ErrorMessage message={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Spinner label="Loading emails…" />}
      {list.data && items.length === 0 && <EmptyState title="No emails yet" message="Invitations appear here when you send an assessment." />}
      {items.length > 0 && (
        <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
          <div>
            <ul className="flex flex-col border-2 border-ink">
              {items.map((email) => (
                <li key={email.id} className="border-b-2 border-ink last:border-b-0">
                  <button
                    type="button"
                    onClick={() => setSelected(email.id)}
                    aria-pressed={selected === email.id}
                    className={`flex w-full flex-col gap-1 px-3 py-2 text-left text-sm ${selected === email.id ? 'bg-brand-light' : 'hover:bg-neutral-100'}`}
                  >
                    <span className="flex flex-wrap items-center justify-between gap-2">
                      <span className="font-bold break-all">{email.to}</span>
                      <Badge tone={STATUS_TONE[email.status] ?? 'gray'}>{email.status}</Badge>
                    </span>
                    <span>{email.subject}</span>
                    <span className="text-xs text-neutral-600">{formatDateTime(email.sent_at ?? email.created_at)}</span>
                  </button>
                </li>
              ))}
            </ul>
            <Pagination total={list.data.total} limit={list.data.limit ?? PAGE_SIZE} offset={list.data.offset ?? offset} onChange={setOffset} />
          </div>
          <Card title="Preview">{selected ? <EmailPreview id={selected} /> : <p className="text-sm text-neutral-600">Select an email to read it.</p>}</Card>
        </div>
      )}
    </>
  )
}
