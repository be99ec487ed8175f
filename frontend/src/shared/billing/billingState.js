// What the billing state from GET /billing/usage means to a recruiter. Pure functions, unit-tested.
import { formatDate, formatPence } from '../../lib/format.js'

export const credits = (n) => `${n} credit${n === 1 ? '' : 's'}`

// The line the create-assessment modal shows before the click: `{ tone, balance, cost }`, or null with billing off
// (sending is unlimited, nothing to say). `tone` is `warning` when sending will be refused.
export function sendCost(usage) {
  if (!usage?.billing_enabled) return null
  if (usage.plan === 'monthly') {
    return { tone: 'info', balance: 'Monthly plan', cost: 'Included in your monthly plan.' }
  }
  const left = usage.credits_remaining ?? 0
  const balance = `Balance: ${credits(left)}`
  if (left > 0) {
    return { tone: 'info', balance, cost: 'Sending takes 1 credit, given back if the candidate never starts.' }
  }
  if (usage.auto_charge && usage.card_saved) {
    return {
      tone: 'info',
      balance,
      cost: `No credit left: sending charges ${formatPence(usage.price_per_assessment_pence)} to your saved card.`,
    }
  }
  return { tone: 'warning', balance, cost: 'No credit left: buy credits in Settings → Billing before sending.' }
}

// The past-due banner's sentence, or null when payments are in order.
export function pastDueMessage(usage) {
  if (!usage?.past_due) return null
  const until = usage.grace_ends_at ? ` until ${formatDate(usage.grace_ends_at)}` : ''
  return `Your monthly payment failed. Sending assessments stays allowed${until}: update your card to keep your plan.`
}
