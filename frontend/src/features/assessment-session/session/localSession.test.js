import { describe, expect, it } from 'vitest'
import { clearLocal, loadLocal, pickResumeCode, saveLocal } from './localSession.js'

describe('pickResumeCode', () => {
  it('keeps local edits the server has not acknowledged', () => {
    expect(pickResumeCode('server', { code: 'local newer', syncedCode: 'server' })).toBe('local newer')
    expect(pickResumeCode('server', { code: 'local newer' })).toBe('local newer')
  })

  it('takes the server copy when the local one was already synced', () => {
    expect(pickResumeCode('from another tab', { code: 'old', syncedCode: 'old' })).toBe('from another tab')
    expect(pickResumeCode('server', {})).toBe('server')
  })
})

describe('local session storage', () => {
  it('merges patches per token and clears them', () => {
    saveLocal('t1', { code: 'a' })
    saveLocal('t1', { tab: 'tests' })
    saveLocal('t2', { code: 'b' })
    expect(loadLocal('t1')).toEqual({ code: 'a', tab: 'tests' })
    clearLocal('t1')
    expect(loadLocal('t1')).toEqual({})
    expect(loadLocal('t2')).toEqual({ code: 'b' })
  })

  it('ignores corrupt storage', () => {
    localStorage.setItem('tali_candidate_bad', '{not json')
    expect(loadLocal('bad')).toEqual({})
  })
})
