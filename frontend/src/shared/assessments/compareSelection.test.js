import { describe, expect, it } from 'vitest'
import { compareBlocked, compareHref } from './compareSelection.js'

const a = (id, overrides = {}) => ({ id, status: 'completed', task_id: 7, task_name: 'Parser', ...overrides })

describe('compareBlocked', () => {
  it('takes completed assessments of one task, up to four', () => {
    expect(compareBlocked([], a(1))).toBeNull()
    expect(compareBlocked([a(1)], a(2))).toBeNull()
    expect(compareBlocked([], a(1, { status: 'pending' }))).toMatch(/completed/)
    expect(compareBlocked([a(1)], a(2, { task_id: 8 }))).toMatch(/Parser/)
    expect(compareBlocked([a(1), a(2), a(3), a(4)], a(5))).toMatch(/at most 4/)
  })

  it('links to the comparison of the selection', () => {
    expect(compareHref([a(3), a(9)])).toBe('#/assessments/compare?ids=3,9')
  })
})
