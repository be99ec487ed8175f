import { useState } from 'react'
import { Button, EmptyState, ErrorMessage, Pagination } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { formatDate, formatPence } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import { usePages } from '../../lib/usePages.js'
import Table from '../../shared/Table.jsx'
import { createCheckoutSession, getBillingUsage } from './api.js'

const PLAN_NAMES = { pay_per_use: 'Pay-per-use', monthly: 'Monthly' }
const PAGE_SIZE = 20

const USAGE_COLUMNS = [
  { key: 'created_at', header: 'Date', render: (row) => formatDate(row.created_at) },
  { key: 'candidate_name', header: 'Candidate', render: (row) => row.candidate_name || '—' },
  { key: 'task_name', header: 'Task', render: (row) => row.task_name ?? '—' },
  { key: 'amount_pence', header: 'Cost', render: (row) => formatPence(row.amount_pence) },
]

export default function BillingTab() {
  const { user } = useAuth()
  const pages = usePages(PAGE_SIZE)
  const usage = useAsync(() => getBillingUsage(pages.params), [pages.params.cursor])
  const [checkout, setCheckout] = useState({ busy: false, error: '' })

  const onAddCredits = async () => {
    setCheckout({ busy: true, error: '' })
    try {
      const { url } = await createCheckoutSession()
      window.location.assign(url)
    } catch (error) {
      setCheckout({ busy: false, error: errorMessage(error, 'Could not start the checkout.') })
    }
  }

  const org = user?.organization ?? {}
  const plan = usage.data?.plan ?? org.plan
  const limit = usage.data?.assessments_limit ?? org.assessments_limit
  // Without Stripe on the server there is no checkout to start; say so instead of offering a button that fails.
  const paymentsOff = usage.data?.stripe_configured === false
  const stats = [
    ['Current plan', PLAN_NAMES[plan] ?? plan ?? '—'],
    ['Assessments used', `${usage.data?.assessments_used ?? org.assessments_used ?? 0}${limit ? ` / ${limit}` : ''}`],
    ['Price per assessment', formatPence(usage.data?.price_per_assessment_pence)],
    ['Total usage', formatPence(usage.data?.total_cost_pence)],
  ]
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {stats.map(([label, value]) => (
          <div key={label} className="border-2 border-ink p-3">
            <dt className="text-xs font-bold uppercase text-neutral-600">{label}</dt>
            <dd className="text-xl font-black">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={onAddCredits} loading={checkout.busy} disabled={paymentsOff}>
          Add credits
        </Button>
        {paymentsOff && (
          <p className="text-sm">
            Online payment is not set up on this server, so credits cannot be bought here yet.
          </p>
        )}
      </div>
      <ErrorMessage message={checkout.error} />
      <h3 className="font-black uppercase">Usage history</h3>
      {usage.error && <ErrorMessage message={usage.error} onRetry={usage.reload} />}
      <Table
        columns={USAGE_COLUMNS}
        rows={usage.data?.items}
        rowKey="assessment_id"
        caption="Usage history"
        loading={usage.loading}
        loadingLabel="Loading usage…"
        empty={<EmptyState title="No usage yet" message="Each assessment sent appears here with its cost." />}
      />
      {usage.data && (
        <Pagination {...pages.pagination(usage.data)} />
      )}
    </div>
  )
}
