import { describe, expect, it } from 'vitest'
import { classifyTokenError } from './useAssessmentSession.js'

describe('classifyTokenError', () => {
  const error = (status, detail) => ({ response: { status, data: { detail } } })
  it.each([
    [error(404, 'Assessment not found'), 'invalid'],
    [error(404, 'This assessment was revoked'), 'revoked'],
    [error(410, 'Expired'), 'expired'],
    [error(409, 'Already completed'), 'completed'],
    [error(500, 'boom'), null],
    [new Error('network'), null],
  ])('%#', (err, problem) => {
    expect(classifyTokenError(err)).toBe(problem)
  })
})
