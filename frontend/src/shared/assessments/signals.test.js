import { describe, expect, it } from 'vitest'
import { normalizeSignal } from './signals.js'

describe('normalizeSignal', () => {
  it('reads a scored signal with its title', () => {
    const signal = { id: 'S5', title: 'Prompt quality', status: { status: 'scored', score: 7.5 }, explanation: 'Good', evidence: [{ kind: 'exchange', id: 3 }] }
    expect(normalizeSignal(signal)).toMatchObject({ key: 'S5', name: 'Prompt quality', status: 'scored', score: 7.5, explanation: 'Good' })
  })

  it.each(['not_applicable', 'insufficient', 'not_graded'])('reads a %s signal with its reason and no score', (status) => {
    const s = normalizeSignal({ id: 'S8', title: 'Verification of AI output', status: { status, reason: 'no AI code adopted' } })
    expect(s).toMatchObject({ status, score: null, reason: 'no AI code adopted' })
  })

  it('treats a missing or malformed status as not graded', () => {
    expect(normalizeSignal({ id: 'S1' })).toMatchObject({ name: 'S1', status: 'not_graded', score: null, evidence: [] })
    expect(normalizeSignal({ id: 'S1', status: { status: 'scored' } })).toMatchObject({ status: 'not_graded', score: null })
  })
})
