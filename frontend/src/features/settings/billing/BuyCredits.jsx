import { useState } from 'react'
import { Button, ErrorMessage, Input } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { formatPence } from '../../../lib/format.js'
import { startCheckout } from './api.js'
import { MAX_CREDITS, MIN_CREDITS, parseQuantity, totalPence } from './creditPurchase.js'
import { goToCheckout } from './stripeRedirect.js'

// "Buy credits": a quantity, its total in pounds, then Stripe Checkout.
export default function BuyCredits({ usage }) {
  const [text, setText] = useState('10')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const parsed = parseQuantity(text)
  const price = usage.price_per_assessment_pence

  const onSubmit = async (event) => {
    event.preventDefault()
    if (parsed.error) return
    setBusy(true)
    setError('')
    try {
      const { url } = await startCheckout({ kind: 'credits', quantity: parsed.quantity })
      goToCheckout(url, usage)
    } catch (failure) {
      setError(errorMessage(failure, 'Could not start the checkout.'))
      setBusy(false)
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 border-2 border-ink p-4" aria-labelledby="buy-credits-title">
      <h3 id="buy-credits-title" className="font-black uppercase">
        Buy credits
      </h3>
      <p className="text-sm">
        One credit sends one assessment; it is spent only when the candidate starts. {formatPence(price)} each.
      </p>
      <div className="max-w-[12rem]">
        <Input
          label="Credits"
          type="number"
          inputMode="numeric"
          min={MIN_CREDITS}
          max={MAX_CREDITS}
          value={text}
          onChange={(event) => setText(event.target.value)}
          error={parsed.error}
        />
      </div>
      <p className="text-sm font-bold" data-testid="credits-total">
        Total: {parsed.error ? '—' : formatPence(totalPence(parsed.quantity, price))}
      </p>
      <ErrorMessage message={error} />
      <div>
        <Button type="submit" loading={busy} disabled={Boolean(parsed.error)}>
          Buy credits
        </Button>
      </div>
    </form>
  )
}
