import { describe, expect, it } from 'vitest'
import { comparison, parseIds } from './comparison.js'

const signal = (id, title, score) => ({ id, title, status: { status: 'scored', score }, explanation: '', evidence: [] })
const detail = (id, overrides = {}) => ({
  id,
  status: 'completed',
  task_id: 1,
  task_name: 'Parser',
  candidate_name: `C${id}`,
  candidate_email: `c${id}@example.com`,
  score: 7,
  tests_passed: 3,
  tests_total: 4,
  ai_prompts: [{}, {}],
  score_report: { signals: [signal('S2', 'Code quality', 6), signal('S10', 'Late', 5)], ai_collaboration: 8 },
  ...overrides,
})

describe('comparison', () => {
  it('lines up the report figures of each assessment', () => {
    const view = comparison([detail(1), detail(2, { score_report: { signals: [signal('S1', 'Correctness', 9)] } })])
    expect(view.problem).toBeUndefined()
    expect(view.taskName).toBe('Parser')
    expect(view.signalRows.map((s) => s.key)).toEqual(['S1', 'S2', 'S10'])
    expect(view.columns[0]).toMatchObject({ name: 'C1', testsPassed: 3, testsTotal: 4, prompts: 2 })
    expect(view.columns[0].aiCollaboration.score).toBe(8)
    expect(view.columns[1].byId.S2).toBeUndefined()
  })

  it('refuses fewer than two, unfinished ones and different tasks', () => {
    expect(comparison([detail(1)]).problem).toMatch(/at least two/)
    expect(comparison([detail(1), detail(2, { status: 'pending' })]).problem).toMatch(/not completed/)
    expect(comparison([detail(1), detail(2, { task_id: 9 })]).problem).toMatch(/different tasks/)
  })
})

describe('parseIds', () => {
  it('keeps unique whole numbers in order', () => {
    expect(parseIds('3, 5,x,3,,9')).toEqual(['3', '5', '9'])
    expect(parseIds(null)).toEqual([])
  })
})
