import { useState } from 'react'
import { ErrorMessage, Spinner } from '../../../components/ui/index.js'
import { useAuth } from '../../../context/AuthContext.jsx'
import { useAsync } from '../../../lib/useAsync.js'
import { hasRole } from '../../../shared/roles.js'
import BuyCredits from './BuyCredits.jsx'
import CheckoutReturn from './CheckoutReturn.jsx'
import LedgerHistory from './LedgerHistory.jsx'
import MonthlyPlan from './MonthlyPlan.jsx'
import PaymentMethod from './PaymentMethod.jsx'
import PlanSummary from './PlanSummary.jsx'
import UsageHistory from './UsageHistory.jsx'
import { getBillingUsage } from './api.js'

// Settings → Billing. `checkout` is the outcome Stripe Checkout sent the recruiter back with, if any. Only an
// owner manages billing; the rest of the team sees the plan and the history, read-only.
export default function BillingTab({ checkout }) {
  const { user } = useAuth()
  const manages = hasRole(user, 'owner')
  // Bumped after anything that changes the balance, so the lists below read it again.
  const [version, setVersion] = useState(0)
  const summary = useAsync(() => getBillingUsage({ limit: 1 }), [version])
  const changed = () => setVersion((v) => v + 1)
  const usage = summary.data

  return (
    <div className="flex flex-col gap-6">
      <CheckoutReturn outcome={checkout} onLanded={changed} />
      {summary.error && <ErrorMessage message={summary.error} onRetry={summary.reload} />}
      {!usage && summary.loading && <Spinner label="Loading billing…" />}
      {usage && !usage.billing_enabled && (
        <p className="border-2 border-ink bg-brand-light p-4 font-bold" data-testid="billing-off">
          Billing is not configured on this server: assessments are unlimited.
        </p>
      )}
      {usage?.billing_enabled && (
        <>
          <PlanSummary usage={usage} />
          {manages ? (
            <div className="grid gap-4 md:grid-cols-[repeat(auto-fit,minmax(18rem,1fr))]">
              {usage.plan !== 'monthly' && <BuyCredits usage={usage} />}
              <MonthlyPlan usage={usage} onChanged={changed} />
              <PaymentMethod usage={usage} onChanged={changed} />
            </div>
          ) : (
            <p className="border-2 border-ink bg-brand-light p-3 text-sm font-semibold" data-testid="billing-read-only">
              Only an owner can manage billing: buying credits, the plan and the card.
            </p>
          )}
          <LedgerHistory version={version} />
        </>
      )}
      <UsageHistory version={version} />
    </div>
  )
}
