import { describe, expect, it } from 'vitest'
import { matchPath, parseHash } from './router.js'

describe('parseHash', () => {
  it.each([
    ['', '/'],
    ['#', '/'],
    ['#/', '/'],
    ['#/dashboard', '/dashboard'],
    ['#/assessments/12/', '/assessments/12'],
  ])('%j -> %j', (hash, path) => expect(parseHash(hash).path).toBe(path))

  it('keeps the query string', () => {
    expect(parseHash('#/reset-password?token=abc%2B1').query.get('token')).toBe('abc+1')
  })
})

describe('matchPath', () => {
  it('extracts params', () => expect(matchPath('/assessments/:id', '/assessments/42')).toEqual({ id: '42' }))
  it('rejects other paths', () => {
    expect(matchPath('/assessments/:id', '/assessments')).toBeNull()
    expect(matchPath('/assessments', '/candidates')).toBeNull()
  })
})
