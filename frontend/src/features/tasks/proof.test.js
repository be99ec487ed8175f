import { describe, expect, it } from 'vitest'
import { draftNotice, savedTaskMessage } from './proof.js'

describe('savedTaskMessage', () => {
  it('says what the sandbox proved', () => {
    expect(savedTaskMessage({ name: 'X', validation: { starter_passed: 1, reference_passed: 6, total: 6 } }, false)).toBe(
      'Task "X" saved — tests proved: starter passes 1/6, reference 6/6',
    )
  })

  it('says when there was no reference solution to prove', () => {
    expect(savedTaskMessage({ name: 'X', validation: { starter_passed: 0, reference_passed: null, total: 1 } }, true)).toBe(
      'Task "X" created — tests proved: starter passes 0/1, no reference solution',
    )
  })

  it('says only "saved" for an edit that did not touch the code', () => {
    expect(savedTaskMessage({ name: 'X', validation: null }, false)).toBe('Task "X" saved')
  })
})

describe('draftNotice', () => {
  it('gives the proof of an AI draft', () => {
    expect(draftNotice({ starter_passed: 2, reference_passed: 8, total: 8 })).toBe(
      'Draft generated with AI and proved in the sandbox: the starter passes 2/8 hidden tests, the reference solution 8/8. Review it, then save.',
    )
  })
})
