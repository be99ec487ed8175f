// Leaving for Stripe's hosted pages. Before Checkout the balance is remembered for this tab, so the return
// (`checkout=success`) can tell when the webhook has landed: the payment shows as a changed balance or plan.
const KEY = 'tali.billing.beforeCheckout'

const snapshot = (usage) => ({
  credits_remaining: usage.credits_remaining,
  plan: usage.plan,
  subscription_status: usage.subscription_status,
})

export function goToCheckout(url, usage) {
  window.sessionStorage.setItem(KEY, JSON.stringify(snapshot(usage)))
  window.location.assign(url)
}

export function goToPortal(url) {
  window.location.assign(url)
}

// What the balance was before this tab left for Checkout, or null (another tab, or already settled).
export function rememberedBalance() {
  try {
    return JSON.parse(window.sessionStorage.getItem(KEY))
  } catch {
    return null
  }
}

export function forgetBalance() {
  window.sessionStorage.removeItem(KEY)
}

// Whether the payment has reached the server since `before` was remembered.
export function paymentLanded(before, usage) {
  const now = snapshot(usage)
  return Object.keys(now).some((key) => now[key] !== before[key])
}
