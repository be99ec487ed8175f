import { useState } from 'react'
import { Button, ErrorMessage } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { formatPence } from '../../../lib/format.js'
import { openPortal, updateBillingSettings } from './api.js'
import { goToPortal } from './stripeRedirect.js'

function PortalButton() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const onClick = async () => {
    setBusy(true)
    setError('')
    try {
      goToPortal((await openPortal()).url)
    } catch (failure) {
      setError(errorMessage(failure, 'Could not open the billing portal.'))
      setBusy(false)
    }
  }
  return (
    <>
      <div>
        <Button variant="secondary" onClick={onClick} loading={busy}>
          Manage payment method and invoices
        </Button>
      </div>
      <ErrorMessage message={error} />
    </>
  )
}

function switchHint(usage) {
  if (!usage.card_saved) return 'No card saved yet: buying credits saves the card you pay with.'
  return usage.auto_charge
    ? 'On: sending never stops for lack of credits.'
    : 'Off: sending without a credit is refused until you buy more.'
}

function AutoChargeSwitch({ usage, onChanged }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const on = usage.auto_charge
  const onClick = async () => {
    setBusy(true)
    setError('')
    try {
      await updateBillingSettings({ auto_charge: !on })
      onChanged()
    } catch (failure) {
      setError(errorMessage(failure, 'Could not change auto-charge.'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <div className="flex items-center gap-3">
        <button
          type="button"
          role="switch"
          aria-checked={on}
          aria-labelledby="auto-charge-label"
          aria-describedby="auto-charge-hint"
          disabled={busy}
          onClick={onClick}
          className={`relative h-7 w-14 shrink-0 border-2 border-ink disabled:opacity-50 ${on ? 'bg-brand' : 'bg-neutral-200'}`}
        >
          <span className={`absolute top-0.5 h-5 w-5 border-2 border-ink bg-paper transition-all ${on ? 'left-7' : 'left-0.5'}`} />
        </button>
        <span id="auto-charge-label" className="text-sm font-bold">
          Charge my saved card {formatPence(usage.price_per_assessment_pence)} for an assessment when no credit is left
        </span>
      </div>
      <p id="auto-charge-hint" className="text-xs text-neutral-600">
        {switchHint(usage)}
      </p>
      <ErrorMessage message={error} />
    </>
  )
}

// The saved card: Stripe's portal to change it and see invoices, and (paying per use) whether it pays when credits
// run out; the monthly plan needs no credits.
export default function PaymentMethod({ usage, onChanged }) {
  return (
    <section className="flex flex-col gap-3 border-2 border-ink p-4" aria-labelledby="payment-method-title">
      <h3 id="payment-method-title" className="font-black uppercase">
        Payment method
      </h3>
      <PortalButton />
      {usage.plan !== 'monthly' && <AutoChargeSwitch usage={usage} onChanged={onChanged} />}
    </section>
  )
}
