import { describe, expect, it } from 'vitest'
import { client } from '../../lib/api.js'
import { stubAdapter } from '../../test/stubAdapter.js'
import { createTask, generateTask, updateTask } from './api.js'

describe('task calls', () => {
  const { answer, calls } = stubAdapter()

  it('generates a task with a long timeout, since the server asks the AI and proves the draft', async () => {
    answer({ name: 'Draft' })
    await expect(generateTask({ prompt: 'A parser', difficulty: 'mid' })).resolves.toEqual({ name: 'Draft' })
    const [config] = calls()
    expect([config.method, config.url]).toEqual(['post', '/tasks/generate'])
    expect(JSON.parse(config.data)).toEqual({ prompt: 'A parser', difficulty: 'mid' })
    expect(config.timeout).toBeGreaterThanOrEqual(180000)
  })

  it('gives a task save more than the default timeout, since it runs the tests in the sandbox', async () => {
    answer({ id: 3, validation: null })
    await createTask({ name: 'T' })
    await updateTask(3, { name: 'T' })
    for (const config of calls()) expect(config.timeout).toBeGreaterThan(client.defaults.timeout)
  })
})
