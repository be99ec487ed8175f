import { describe, expect, it } from 'vitest'
import { DIFFICULTIES, TASK_TYPES, difficultyLabel, difficultyTone, taskTypeLabel } from './taskMeta.js'

describe('task vocabulary', () => {
  it('offers the API words in order', () => {
    expect(DIFFICULTIES.map((d) => d.value)).toEqual(['junior', 'mid', 'senior', 'staff'])
    expect(TASK_TYPES.map((t) => t.value)).toEqual(['debugging', 'ai_engineering', 'optimization', 'build', 'refactor'])
  })

  it.each([
    ['junior', 'Junior'],
    ['mid', 'Mid-Level'],
    ['senior', 'Senior'],
    ['staff', 'Staff+'],
  ])('labels the difficulty %s as %s', (value, label) => expect(difficultyLabel(value)).toBe(label))

  it.each([
    ['debugging', 'Debugging'],
    ['ai_engineering', 'AI Engineering'],
    ['optimization', 'Optimization'],
    ['build', 'Build from Scratch'],
    ['refactor', 'Refactoring'],
  ])('labels the task type %s as %s', (value, label) => expect(taskTypeLabel(value)).toBe(label))

  it('shows a word it does not know as sent, in a neutral tone', () => {
    expect(difficultyLabel('medium')).toBe('medium')
    expect(taskTypeLabel('rag')).toBe('rag')
    expect(difficultyTone('medium')).toBe('gray')
    expect(difficultyLabel(undefined)).toBe('')
  })
})
