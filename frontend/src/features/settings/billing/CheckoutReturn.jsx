import { useEffect, useRef, useState } from 'react'
import { Button, Spinner } from '../../../components/ui/index.js'
import { navigate } from '../../../lib/router.js'
import { credits } from '../../../shared/billing/billingState.js'
import { getBillingUsage } from './api.js'
import { forgetBalance, paymentLanded, rememberedBalance } from './stripeRedirect.js'

// Stripe sends the webhook about the same time as it sends the recruiter back, so the new balance may lag the
// return by a few seconds: ask for it a few times before saying it may take longer.
export const POLL_MS = 1000
export const POLL_TRIES = 10

function landedMessage(usage) {
  return usage.plan === 'monthly'
    ? 'Payment received: you are on the monthly plan.'
    : `Payment received: your balance is now ${credits(usage.credits_remaining ?? 0)}.`
}

const SLOW = 'Stripe took the payment. Your balance updates once Stripe confirms it: this may take a minute.'

// The banner on the return from Checkout (`checkout=success|cancelled` in the address).
export default function CheckoutReturn({ outcome, onLanded }) {
  const [message, setMessage] = useState(null)
  const onLandedRef = useRef(onLanded)
  onLandedRef.current = onLanded

  useEffect(() => {
    if (outcome !== 'success') return undefined
    const before = rememberedBalance()
    if (!before) {
      setMessage(SLOW)
      return undefined
    }
    let tries = 0
    let timer
    let stopped = false
    const poll = async () => {
      tries += 1
      try {
        const usage = await getBillingUsage({ limit: 1 })
        if (stopped) return
        if (paymentLanded(before, usage)) {
          forgetBalance()
          setMessage(landedMessage(usage))
          onLandedRef.current()
          return
        }
      } catch {
        // A failed look counts as one of the tries; the last one says to wait.
      }
      if (stopped) return
      if (tries >= POLL_TRIES) {
        forgetBalance()
        setMessage(SLOW)
        return
      }
      timer = setTimeout(poll, POLL_MS)
    }
    poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [outcome])

  if (outcome !== 'success' && outcome !== 'cancelled') return null
  const text = outcome === 'cancelled' ? 'Checkout cancelled: nothing was charged.' : message
  return (
    <div
      aria-live="polite"
      data-testid="checkout-return"
      className={`flex flex-wrap items-center justify-between gap-3 border-2 border-ink p-3 text-sm font-semibold ${outcome === 'cancelled' ? 'bg-neutral-100' : 'bg-green-100'}`}
    >
      {text ?? <Spinner size="sm" label="Payment received by Stripe: updating your balance…" />}
      <Button variant="secondary" size="sm" onClick={() => navigate('/settings?tab=billing')}>
        Dismiss
      </Button>
    </div>
  )
}
