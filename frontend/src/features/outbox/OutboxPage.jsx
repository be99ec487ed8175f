import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { Badge, Card, EmptyState, ErrorMessage, Pagination } from '../../components/ui/index.js'
import { formatDateTime } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import { usePages } from '../../lib/usePages.js'
import Table from '../../shared/Table.jsx'
import { getEmailStatus, listEmails } from './api.js'
import EmailPreview from './EmailPreview.jsx'
import { emailKindLabel } from './kinds.js'

const PAGE_SIZE = 20
const STATUS_TONE = { sent: 'green', queued: 'blue', pending: 'blue', failed: 'red', stored: 'purple' }

const columns = (selected) => [
  {
    key: 'to',
    header: 'To',
    // The row's click selects the email; this button is the same action for the keyboard, and its name carries the
    // subject so two emails to one address stay distinguishable.
    render: (email) => (
      <button type="button" aria-pressed={selected === email.id} aria-label={`${email.to}: ${email.subject}`} className="text-left font-bold break-all underline">
        {email.to}
      </button>
    ),
  },
  { key: 'subject', header: 'Subject' },
  { key: 'kind', header: 'Type', className: 'text-sm', render: (email) => emailKindLabel(email.kind) },
  { key: 'status', header: 'Status', render: (email) => <Badge tone={STATUS_TONE[email.status] ?? 'gray'}>{email.status}</Badge> },
  { key: 'sent', header: 'Sent', className: 'text-xs whitespace-nowrap text-neutral-600', render: (email) => formatDateTime(email.sent_at ?? email.created_at) },
]

export default function OutboxPage() {
  const pages = usePages(PAGE_SIZE)
  const [selected, setSelected] = useState(null)
  const list = useAsync(() => listEmails(pages.params), [pages.params.cursor])
  const hasEmails = list.data?.items?.length > 0
  const delivery = useAsync(getEmailStatus, [])

  return (
    <>
      <PageHeader title="Outbox" subtitle="Emails sent on your organization's behalf: invitations, results and password resets." />
      {delivery.data && !delivery.data.configured && (
        <p role="status" data-testid="email-not-set-up" className="mb-4 border-2 border-ink bg-yellow-100 p-3 text-sm font-semibold">
          Email is not set up: nothing here reaches the candidate's inbox. Open an invitation and copy its link to share it yourself (set RESEND_API_KEY or
          SMTP_URL on the server to send email).
        </p>
      )}
      {list.error && <ErrorMessage message={list.error} onRetry={list.reload} />}
      <div className={hasEmails ? 'grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]' : ''}>
        <div>
          <Table
            columns={columns(selected)}
            rows={list.data?.items}
            caption="Emails"
            loading={list.loading}
            loadingLabel="Loading emails…"
            empty={<EmptyState title="No emails yet" message="Invitations appear here when you send an assessment." />}
            selectedKey={selected}
            onRowClick={(email) => setSelected(email.id)}
            hover
          />
          {list.data && <Pagination {...pages.pagination(list.data)} />}
        </div>
        {hasEmails && (
          <Card title="Preview">{selected ? <EmailPreview id={selected} onResent={list.reload} /> : <p className="text-sm text-neutral-600">Select an email to read it.</p>}</Card>
        )}
      </div>
    </>
  )
}
