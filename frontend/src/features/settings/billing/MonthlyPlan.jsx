import { Button, ConfirmDialog } from '../../../components/ui/index.js'
import { formatDate, formatPence } from '../../../lib/format.js'
import { cancelMonthly, startCheckout } from './api.js'
import { goToCheckout } from './stripeRedirect.js'
import { useConfirmedAction } from './useConfirmedAction.js'

function SwitchToMonthly({ usage }) {
  const price = formatPence(usage.monthly_price_pence)
  const { ask, dialog } = useConfirmedAction(async () => {
    const { url } = await startCheckout({ kind: 'monthly' })
    goToCheckout(url, usage)
    return 'leaving'
  }, 'Could not start the checkout.')
  return (
    <>
      <p className="text-sm">
        {price} a month for up to {usage.monthly_limit} assessments, no credits needed. Credits you hold stay for later.
      </p>
      <div>
        <Button variant="dark" onClick={ask}>
          Switch to monthly
        </Button>
      </div>
      <ConfirmDialog
        {...dialog}
        title="Switch to the monthly plan?"
        message={`You will be charged ${price} now and every month until you cancel. Stripe Checkout takes the payment.`}
        confirmLabel="Continue to payment"
      />
    </>
  )
}

function CancelMonthly({ usage, onChanged }) {
  const end = formatDate(usage.current_period_end)
  const { ask, dialog } = useConfirmedAction(async () => {
    await cancelMonthly()
    onChanged()
  }, 'Could not cancel the plan.')
  return (
    <>
      <p className="text-sm">Renews on {end}. Cancelling keeps the plan until then; after that sending uses credits again.</p>
      <div>
        <Button variant="danger" onClick={ask}>
          Cancel monthly plan
        </Button>
      </div>
      <ConfirmDialog
        {...dialog}
        title="Cancel the monthly plan?"
        message={`The plan stays active until ${end} and is not renewed. After that each assessment takes a credit.`}
        confirmLabel="Cancel at period end"
      />
    </>
  )
}

// The monthly plan: switch to it, cancel it at the period end, or, once cancelled, when it ends.
export default function MonthlyPlan({ usage, onChanged }) {
  let body
  if (usage.plan !== 'monthly') body = <SwitchToMonthly usage={usage} />
  else if (usage.cancel_at_period_end) {
    body = (
      <p className="text-sm font-bold" data-testid="plan-ends">
        Cancelled: your monthly plan ends on {formatDate(usage.current_period_end)}. After that each assessment takes a
        credit.
      </p>
    )
  } else body = <CancelMonthly usage={usage} onChanged={onChanged} />
  return (
    <section className="flex flex-col gap-3 border-2 border-ink p-4" aria-labelledby="monthly-plan-title">
      <h3 id="monthly-plan-title" className="font-black uppercase">
        Monthly plan
      </h3>
      {body}
    </section>
  )
}
