import { describe, expect, it } from 'vitest'
import { evidenceLabel, normalizeSignal } from './signals.js'

describe('normalizeSignal', () => {
  it('reads a flat scored signal', () => {
    expect(normalizeSignal({ id: 'prompt_quality', status: 'scored', score: 7.5, explanation: 'Good', evidence: [{ Exchange: 3 }] })).toMatchObject({
      name: 'Prompt Quality',
      status: 'scored',
      score: 7.5,
      explanation: 'Good',
    })
  })

  it('reads a tagged not-applicable signal with its reason', () => {
    const s = normalizeSignal({ id: 'ai_usage', status: { NotApplicable: 'No AI exchanges' } })
    expect(s).toMatchObject({ status: 'not_applicable', score: null, reason: 'No AI exchanges' })
  })

  it('reads a tagged scored signal', () => {
    expect(normalizeSignal({ id: 'correctness', status: { scored: 10 } })).toMatchObject({ status: 'scored', score: 10 })
  })

  it('never shows a score for an insufficient signal', () => {
    expect(normalizeSignal({ id: 'x', status: 'insufficient', score: 4 }).score).toBeNull()
  })
})

describe('evidenceLabel', () => {
  it.each([
    [{ Run: 7 }, 'Run 7'],
    [{ HiddenTest: 'test_parse' }, 'HiddenTest test_parse'],
    [{ SnapDiff: [41, 42] }, 'SnapDiff 41 42'],
    [{ kind: 'prompt', id: 3 }, 'Prompt 3'],
    ['run 2', 'run 2'],
  ])('%j -> %j', (ref, label) => expect(evidenceLabel(ref)).toBe(label))
})
