import { describe, expect, it } from 'vitest'
import { highlightedLines, matchTitle, percent } from './similarityView.js'

describe('similarity view', () => {
  it('names each kind of match', () => {
    expect(matchTitle({ kind: 'submission', assessment_id: 12, candidate_name: 'Ada' })).toBe("Ada's submission (assessment 12)")
    expect(matchTitle({ kind: 'submission', assessment_id: 12, candidate_name: null })).toBe('Assessment 12')
    expect(matchTitle({ kind: 'reference' })).toBe("The task's reference solution")
    expect(matchTitle({ kind: 'ai' })).toBe('The AI replies this candidate received')
    expect(percent(0.826)).toBe('83 %')
  })

  it('marks the lines of every region on its side', () => {
    const regions = [
      { ours: [2, 4], theirs: [10, 12] },
      { ours: [8, 8], theirs: [1, 1] },
    ]
    expect([...highlightedLines(regions, 'ours')]).toEqual([2, 3, 4, 8])
    expect([...highlightedLines(regions, 'theirs')].sort((a, b) => a - b)).toEqual([1, 10, 11, 12])
  })
})
