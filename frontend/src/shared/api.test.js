import { describe, expect, it } from 'vitest'
import { stubAdapter } from '../test/stubAdapter.js'
import { listTasks } from './api.js'

describe('listTasks', () => {
  const { answer, calls } = stubAdapter()

  it('reads the bare task array and its X-Total-Count header as { items, total }', async () => {
    answer([{ id: 1 }, { id: 2 }], { 'X-Total-Count': '42' })
    await expect(listTasks({ limit: 2, offset: 10, difficulty: '' })).resolves.toEqual({ items: [{ id: 1 }, { id: 2 }], total: 42 })
    const [config] = calls()
    expect(config.url).toBe('/tasks')
    expect(config.params).toEqual({ limit: 2, offset: 10 })
  })

  it('counts the array when the header is missing', async () => {
    answer([{ id: 1 }])
    await expect(listTasks()).resolves.toEqual({ items: [{ id: 1 }], total: 1 })
  })
})
