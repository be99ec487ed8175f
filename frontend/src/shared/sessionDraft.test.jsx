import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { hasDraft, useSessionDraft } from './sessionDraft.js'

describe('useSessionDraft', () => {
  it('stores the value once changed and restores it in a new form', () => {
    const first = renderHook(() => useSessionDraft('task:new', () => ({ name: '' })))
    expect(hasDraft('task:new')).toBe(false)
    act(() => first.result.current[1]((f) => ({ ...f, name: 'Half-written task' })))
    expect(hasDraft('task:new')).toBe(true)
    first.unmount()

    const again = renderHook(() => useSessionDraft('task:new', () => ({ name: '' })))
    expect(again.result.current[0]).toEqual({ name: 'Half-written task' })
    expect(again.result.current[2].restored).toBe(true)
    act(() => again.result.current[2].discard())
    expect(hasDraft('task:new')).toBe(false)
  })

  it('starts over when asked, and keeps drafts of different forms apart', () => {
    sessionStorage.setItem('tali_draft:task:new', JSON.stringify({ name: 'old' }))
    const fresh = renderHook(() => useSessionDraft('task:new', () => ({ name: 'AI draft' }), { fresh: true }))
    expect(fresh.result.current[0]).toEqual({ name: 'AI draft' })
    expect(fresh.result.current[2].restored).toBe(false)
    const other = renderHook(() => useSessionDraft('task:7', () => ({ name: 'Task 7' })))
    expect(other.result.current[0]).toEqual({ name: 'Task 7' })
  })

  it('starts over with a value it does not store when reset', () => {
    sessionStorage.setItem('tali_draft:candidate:new', JSON.stringify({ name: 'old' }))
    const form = renderHook(() => useSessionDraft('candidate:new', () => ({ name: '' })))
    expect(form.result.current[2].restored).toBe(true)
    act(() => form.result.current[2].reset({ name: 'for Ada' }))
    expect(form.result.current[0]).toEqual({ name: 'for Ada' })
    expect(form.result.current[2].restored).toBe(false)
    expect(hasDraft('candidate:new')).toBe(false)
  })
})
