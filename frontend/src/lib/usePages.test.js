import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { usePages } from './usePages.js'

describe('usePages', () => {
  it('follows next_cursor forward and its trail back', () => {
    const { result } = renderHook(() => usePages(10))
    expect(result.current.params).toEqual({ limit: 10 })
    const first = result.current.pagination({ total: 25, next_cursor: 'c1' })
    expect(first).toMatchObject({ total: 25, limit: 10, offset: 0, onPrevious: null })

    act(() => first.onNext())
    expect(result.current.params).toEqual({ limit: 10, cursor: 'c1' })
    const second = result.current.pagination({ total: 25, next_cursor: 'c2' })
    expect(second.offset).toBe(10)

    act(() => second.onNext())
    const last = result.current.pagination({ total: 25, next_cursor: null })
    expect(last.offset).toBe(20)
    expect(last.onNext).toBeNull()

    act(() => last.onPrevious())
    expect(result.current.params).toEqual({ limit: 10, cursor: 'c1' })
    act(() => result.current.restart())
    expect(result.current.params).toEqual({ limit: 10 })
  })
})
