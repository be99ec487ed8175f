import { describe, expect, it } from 'vitest'
import { canGrade, gradeLabel, gradingText, statusText } from './understandingView.js'

describe('understanding check words', () => {
  it('says what happened and whether the recruiter can grade', () => {
    expect(statusText({ status: 'skipped' })).toMatch(/skipped the check/)
    expect(gradingText({ status: 'answered', grading: 'recruiter' })).toMatch(/grade each answer/)
    expect(gradingText({ status: 'skipped', grading: 'none' })).toBe('')
    expect(canGrade({ status: 'answered', grading: 'recruiter' })).toBe(true)
    expect(canGrade({ status: 'answered', grading: 'done' })).toBe(true)
    expect(canGrade({ status: 'answered', grading: 'pending' })).toBe(false)
    expect(canGrade({ status: 'skipped', grading: 'none' })).toBe(false)
  })

  it('names who graded an answer', () => {
    expect(gradeLabel(null)).toBe('Not graded')
    expect(gradeLabel({ score: 8, by: 'ai' })).toBe('8/10 · AI judge')
    expect(gradeLabel({ score: 0, by: 'rule' })).toBe('0/10 · left blank')
  })
})
