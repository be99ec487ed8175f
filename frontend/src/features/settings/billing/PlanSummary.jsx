import { formatDate } from '../../../lib/format.js'
import { credits } from '../../../shared/billing/billingState.js'

const PLAN_NAMES = { pay_per_use: 'Pay per use', monthly: 'Monthly' }

function renewal(usage) {
  if (usage.plan !== 'monthly') return ['Auto-charge', usage.auto_charge ? 'On' : 'Off']
  if (usage.past_due) return ['Payment', 'Past due']
  if (usage.cancel_at_period_end) return ['Ends on', formatDate(usage.current_period_end)]
  return ['Renews on', formatDate(usage.current_period_end)]
}

// The plan and balance at a glance.
export default function PlanSummary({ usage }) {
  const monthly = usage.plan === 'monthly'
  const stats = [
    ['Plan', PLAN_NAMES[usage.plan] ?? usage.plan],
    monthly
      ? ['Assessments', `Up to ${usage.monthly_limit} a month`]
      : ['Balance', credits(usage.credits_remaining ?? 0)],
    ['Card', usage.card_saved ? 'Saved' : 'None saved'],
    renewal(usage),
  ]
  return (
    <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="plan-summary">
      {stats.map(([label, value]) => (
        <div key={label} className="border-2 border-ink p-3">
          <dt className="text-xs font-bold uppercase text-neutral-600">{label}</dt>
          <dd className="text-xl font-black" data-testid={`billing-${label.toLowerCase().replace(/\W+/g, '-')}`}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  )
}
