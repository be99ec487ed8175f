// Billing end to end against the real server and the Stripe mock (scripts/e2e-server.sh): credits bought through
// the mock's hosted Checkout page, whose Pay button delivers the signed webhook before sending the browser back;
// the monthly plan bought the same way, its payment failing, its cancellation and its renewal in Stripe's portal;
// the create modal's cost line.
import { expect, screenshot, signedIn, test } from './fixtures.mjs'

const PORT = Number(process.env.E2E_PORT ?? 8765)
const STRIPE = `http://127.0.0.1:${process.env.E2E_STRIPE_PORT ?? PORT + 2}`

async function payOnStripe(page) {
  await expect(page).toHaveURL(new RegExp(`^${STRIPE}/checkout/`))
  await expect(page.getByText('Visa 4242: succeeds')).toBeVisible()
  await screenshot(page, 'billing-stripe-checkout')
  await page.getByRole('button', { name: 'Pay' }).click()
  await expect(page).toHaveURL(/#\/settings\?tab=billing&checkout=success$/)
}

async function costLine(page) {
  await page.getByRole('link', { name: 'Assessments' }).click()
  await page.getByRole('button', { name: 'Create Assessment' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Create assessment' })
  const line = dialog.getByTestId('send-cost')
  await expect(line).toBeVisible()
  return { dialog, line }
}

test('buy credits through Checkout, see the balance and the cost of sending; switch to monthly, fall past due, cancel, renew in the portal', async ({ page }) => {
  await signedIn(page, 'billing')
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByRole('tab', { name: 'Billing' }).click()
  await expect(page).toHaveURL(/#\/settings\?tab=billing$/)
  await expect(page.getByTestId('billing-plan')).toHaveText('Pay per use')
  await expect(page.getByTestId('billing-balance')).toHaveText('1000 credits')
  await expect(page.getByRole('row').filter({ hasText: 'Trial credits' })).toContainText('+1000')
  await screenshot(page, 'billing-pay-per-use')

  // Buy 5 credits.
  await page.getByRole('spinbutton', { name: 'Credits' }).fill('5')
  await expect(page.getByTestId('credits-total')).toHaveText('Total: £125.00')
  await page.getByRole('button', { name: 'Buy credits' }).click()
  await payOnStripe(page)
  await expect(page.getByTestId('checkout-return')).toContainText('Payment received: your balance is now 1005 credits.')
  await expect(page.getByTestId('billing-balance')).toHaveText('1005 credits')
  await expect(page.getByRole('row').filter({ hasText: 'Bought' })).toContainText('+5')
  await expect(page.getByTestId('billing-card')).toHaveText('Saved')
  await screenshot(page, 'billing-checkout-return')
  await page.getByRole('button', { name: 'Dismiss' }).click()
  await expect(page.getByTestId('checkout-return')).toHaveCount(0)

  const { dialog, line } = await costLine(page)
  await expect(line).toContainText('Balance: 1005 credits')
  await expect(line).toContainText('Sending takes 1 credit')
  await screenshot(page, 'billing-create-modal-credits')
  await dialog.getByRole('button', { name: 'Cancel' }).click()

  // The monthly plan.
  await page.goto('/#/settings?tab=billing')
  await page.getByRole('button', { name: 'Switch to monthly' }).click()
  const confirm = page.getByRole('dialog', { name: 'Switch to the monthly plan?' })
  await expect(confirm).toContainText('You will be charged £300.00 now and every month')
  await screenshot(page, 'billing-switch-confirm')
  await confirm.getByRole('button', { name: 'Continue to payment' }).click()
  await payOnStripe(page)
  await expect(page.getByTestId('checkout-return')).toContainText('Payment received: you are on the monthly plan.')
  await expect(page.getByTestId('billing-plan')).toHaveText('Monthly')
  await expect(page.getByTestId('billing-renews-on')).not.toHaveText('—')
  await expect(page.getByRole('button', { name: 'Buy credits' })).toHaveCount(0)
  await screenshot(page, 'billing-monthly')

  // Stripe fails to take the next payment: the banner shows on every page, with the end of the grace period.
  const events = await (await page.request.get(`${STRIPE}/test/events`)).json()
  const subscription = events.map((event) => event.data.object).find((object) => object.object === 'checkout.session' && object.subscription)?.subscription
  expect(subscription, 'the subscription the monthly Checkout made').toBeTruthy()
  const failed = await page.request.post(`${STRIPE}/test/events`, { data: { type: 'invoice.payment_failed', subscription } })
  expect(failed.ok(), await failed.text()).toBeTruthy()
  await page.goto('/#/dashboard')
  await page.reload()
  const banner = page.getByTestId('past-due-banner')
  await expect(banner).toContainText('Your monthly payment failed. Sending assessments stays allowed until')
  await screenshot(page, 'billing-past-due-banner')
  await banner.getByRole('link', { name: 'Go to Billing' }).click()
  await expect(page).toHaveURL(/#\/settings\?tab=billing$/)
  await expect(page.getByTestId('billing-payment')).toHaveText('Past due')

  // Cancel at the period end, after confirming.
  await page.getByRole('button', { name: 'Cancel monthly plan' }).click()
  const cancel = page.getByRole('dialog', { name: 'Cancel the monthly plan?' })
  await cancel.getByRole('button', { name: 'Cancel at period end' }).click()
  await expect(page.getByTestId('plan-ends')).toContainText('Cancelled: your monthly plan ends on')
  await screenshot(page, 'billing-monthly-cancelled')

  // Stripe's portal knows of the cancellation; renewing there reaches the app through the subscription webhook.
  await page.getByRole('button', { name: 'Manage payment method and invoices' }).click()
  await expect(page).toHaveURL(new RegExp(`^${STRIPE}/billing_portal/`))
  await expect(page.getByRole('listitem')).toContainText('cancels then')
  await page.getByRole('button', { name: 'Renew plan' }).click()
  await page.getByRole('link', { name: 'Return to the site' }).click()
  await expect(page).toHaveURL(/#\/settings\?tab=billing$/)
  await expect(page.getByRole('button', { name: 'Cancel monthly plan' })).toBeVisible()
  await expect(page.getByTestId('plan-ends')).toHaveCount(0)

  const monthly = await costLine(page)
  await expect(monthly.line).toContainText('Included in your monthly plan.')
  await screenshot(page, 'billing-create-modal-monthly')
})
