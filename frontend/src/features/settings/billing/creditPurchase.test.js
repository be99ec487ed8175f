import { describe, expect, it } from 'vitest'
import { parseQuantity, totalPence } from './creditPurchase.js'
import { paymentLanded } from './stripeRedirect.js'

describe('parseQuantity', () => {
  it('takes whole numbers from 1 to 100', () => {
    expect(parseQuantity('1')).toEqual({ quantity: 1 })
    expect(parseQuantity(' 100 ')).toEqual({ quantity: 100 })
  })

  it('refuses anything else with one sentence', () => {
    for (const text of ['', '0', '101', '2.5', 'ten', '-3']) {
      expect(parseQuantity(text)).toEqual({ error: 'Enter a whole number of credits from 1 to 100' })
    }
  })

  it('prices the quantity', () => {
    expect(totalPence(12, 2500)).toBe(30000)
  })
})

describe('paymentLanded', () => {
  const before = { credits_remaining: 3, plan: 'pay_per_use', subscription_status: null }
  it('sees new credits or a new plan', () => {
    expect(paymentLanded(before, { ...before, items: [] })).toBe(false)
    expect(paymentLanded(before, { ...before, credits_remaining: 13 })).toBe(true)
    expect(paymentLanded(before, { ...before, plan: 'monthly', subscription_status: 'active' })).toBe(true)
  })
})
