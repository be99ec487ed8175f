import { describe, expect, it } from 'vitest'
import { insertedRange, planInsert } from './chatInsert.js'

describe('planInsert', () => {
  it('puts the code on the line after a line with text, never glued to it', () => {
    const plan = planInsert('    total = 0', 4, 'def f():\n    return 1\n')
    expect(plan.text).toBe('\ndef f():\n    return 1')
    expect(plan.range).toEqual({ startLineNumber: 4, startColumn: 14, endLineNumber: 4, endColumn: 14 })
    expect(plan.line).toBe(5)
    expect(plan.original).toBe('')
  })

  it('replaces a blank line (indentation included) with the code', () => {
    const plan = planInsert('    ', 7, 'x = 1')
    expect(plan.text).toBe('x = 1')
    expect(plan.range).toEqual({ startLineNumber: 7, startColumn: 1, endLineNumber: 7, endColumn: 5 })
    expect(plan.line).toBe(7)
    expect(plan.original).toBe('    ')
  })
})

describe('insertedRange', () => {
  it('spans the inserted lines', () => {
    expect(insertedRange(4, 14, '\ndef f():\n    return 1')).toEqual({ startLineNumber: 4, startColumn: 14, endLineNumber: 6, endColumn: 13 })
    expect(insertedRange(2, 1, 'x = 1')).toEqual({ startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: 6 })
  })
})
