import { sendCost } from './billingState.js'

// The balance and what sending will cost, shown in the create-assessment modal before the click.
export default function SendCost({ usage }) {
  const line = sendCost(usage)
  if (!line) return null
  const warning = line.tone === 'warning'
  return (
    <div
      data-testid="send-cost"
      className={`flex flex-wrap items-baseline justify-between gap-2 border-2 border-ink p-3 text-sm ${warning ? 'bg-yellow-100' : 'bg-brand-light'}`}
    >
      <span className="font-black">{line.balance}</span>
      <span className="font-semibold">{line.cost}</span>
      {warning && (
        <a href="#/settings?tab=billing" className="font-bold underline">
          Buy credits
        </a>
      )}
    </div>
  )
}
