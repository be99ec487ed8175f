import { describe, expect, it } from 'vitest'
import { formatScore, scoreTone } from './format.js'

describe('score display', () => {
  it.each([
    [8.7, 'green'],
    [8.0, 'yellow'],
    [6.0, 'yellow'],
    [5.9, 'red'],
    [null, 'gray'],
  ])('%s is %s', (score, tone) => expect(scoreTone(score)).toBe(tone))

  it('formats as one decimal out of ten', () => {
    expect(formatScore(8.7)).toBe('8.7/10')
    expect(formatScore(6)).toBe('6.0/10')
    expect(formatScore(null)).toBe('—')
  })
})
