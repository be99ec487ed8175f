import { useAsync } from '../../lib/useAsync.js'
import { getBillingUsage } from '../api.js'
import { pastDueMessage } from './billingState.js'

// Shown above every recruiter page while the monthly plan's payment is overdue. Read once per visit: the state
// changes only through Stripe, and the return from Stripe's pages reloads the app.
export default function PastDueBanner() {
  const usage = useAsync(() => getBillingUsage({ limit: 1 }), [])
  const message = pastDueMessage(usage.data)
  if (!message) return null
  return (
    <div role="alert" className="border-b-2 border-ink bg-yellow-100" data-testid="past-due-banner">
      <p className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm font-semibold">
        <span>{message}</span>
        <a href="#/settings?tab=billing" className="border-2 border-ink bg-paper px-2 py-0.5 font-bold uppercase hover:bg-brand-light">
          Go to Billing
        </a>
      </p>
    </div>
  )
}
