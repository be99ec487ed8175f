import { describe, expect, it } from 'vitest'
import { credits, pastDueMessage, sendCost } from './billingState.js'

const payPerUse = {
  billing_enabled: true,
  plan: 'pay_per_use',
  credits_remaining: 3,
  auto_charge: false,
  card_saved: false,
  price_per_assessment_pence: 2500,
}

describe('sendCost', () => {
  it('says nothing with billing off', () => {
    expect(sendCost({ ...payPerUse, billing_enabled: false })).toBeNull()
    expect(sendCost(null)).toBeNull()
  })

  it('takes a credit while there are some', () => {
    expect(sendCost(payPerUse)).toEqual({
      tone: 'info',
      balance: 'Balance: 3 credits',
      cost: 'Sending takes 1 credit, given back if the candidate never starts.',
    })
    expect(sendCost({ ...payPerUse, credits_remaining: 1 }).balance).toBe('Balance: 1 credit')
  })

  it('charges the saved card only when auto-charge is on and a card is saved', () => {
    const empty = { ...payPerUse, credits_remaining: 0 }
    expect(sendCost({ ...empty, auto_charge: true, card_saved: true })).toMatchObject({
      tone: 'info',
      cost: 'No credit left: sending charges £25.00 to your saved card.',
    })
    expect(sendCost({ ...empty, auto_charge: true }).tone).toBe('warning')
    expect(sendCost({ ...empty, card_saved: true }).tone).toBe('warning')
  })

  it('includes sending in the monthly plan whatever the balance', () => {
    expect(sendCost({ ...payPerUse, plan: 'monthly', credits_remaining: 0 })).toMatchObject({
      cost: 'Included in your monthly plan.',
    })
  })
})

describe('pastDueMessage', () => {
  it('gives the end of the grace period', () => {
    expect(pastDueMessage({ past_due: false })).toBeNull()
    expect(pastDueMessage({ past_due: true, grace_ends_at: '2026-12-11T10:00:00Z' })).toBe(
      'Your monthly payment failed. Sending assessments stays allowed until 11 Dec 2026: update your card to keep your plan.',
    )
  })
})

it('counts credits in words', () => {
  expect(credits(0)).toBe('0 credits')
  expect(credits(1)).toBe('1 credit')
})
