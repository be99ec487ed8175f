import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { client, createTask, errorMessage, fieldErrors, generateTask, listTasks, readBlobError, updateTask } from './api.js'

const apiError = (status, data) => ({ response: { status, data } })

describe('errorMessage', () => {
  it('prefers the API detail', () => expect(errorMessage(apiError(400, { detail: 'Email already registered' }))).toBe('Email already registered'))
  it('falls back to field errors', () => {
    expect(errorMessage(apiError(422, { errors: [{ field: 'name', message: 'Name is required' }] }))).toBe('Name is required')
  })
  it('explains a network failure and a rate limit', () => {
    expect(errorMessage(new Error('Network Error'))).toMatch(/Cannot reach the server/)
    expect(errorMessage(apiError(429, {}))).toMatch(/Too many attempts/)
  })
})

describe('fieldErrors', () => {
  it('maps the list by field and ignores junk', () => {
    expect(fieldErrors(apiError(422, { errors: [{ field: 'email', message: 'bad' }, { message: 'no field' }] }))).toEqual({ email: 'bad' })
    expect(fieldErrors(apiError(500, 'oops'))).toEqual({})
  })
})

describe('readBlobError', () => {
  it('turns a JSON error body that arrived as a Blob into the API detail', async () => {
    const error = apiError(404, new Blob([JSON.stringify({ detail: 'Not found' })], { type: 'application/json' }))
    await expect(readBlobError(error)).rejects.toBe(error)
    expect(errorMessage(error)).toBe('Not found')
  })
  it('keeps the generic message for a body that is not JSON', async () => {
    const error = apiError(502, new Blob(['<html>bad gateway</html>']))
    await expect(readBlobError(error)).rejects.toBe(error)
    expect(errorMessage(error)).toBe('Something went wrong. Please try again.')
  })
})

describe('task calls', () => {
  let adapter
  let previous
  beforeEach(() => {
    previous = client.defaults.adapter
    adapter = vi.fn()
    client.defaults.adapter = adapter
  })
  afterEach(() => {
    client.defaults.adapter = previous
  })
  const answer = (data, headers = {}, status = 200) => adapter.mockImplementation(async (config) => ({ data, status, statusText: 'OK', headers, config }))

  it('reads the bare task array and its X-Total-Count header as { items, total }', async () => {
    answer([{ id: 1 }, { id: 2 }], { 'X-Total-Count': '42' })
    await expect(listTasks({ limit: 2, offset: 10, difficulty: '' })).resolves.toEqual({ items: [{ id: 1 }, { id: 2 }], total: 42 })
    const [config] = adapter.mock.calls[0]
    expect(config.url).toBe('/tasks')
    expect(config.params).toEqual({ limit: 2, offset: 10 })
  })

  it('counts the array when the header is missing', async () => {
    answer([{ id: 1 }])
    await expect(listTasks()).resolves.toEqual({ items: [{ id: 1 }], total: 1 })
  })

  it('generates a task with a long timeout, since the server asks the AI and proves the draft', async () => {
    answer({ name: 'Draft' })
    await expect(generateTask({ prompt: 'A parser', difficulty: 'mid' })).resolves.toEqual({ name: 'Draft' })
    const [config] = adapter.mock.calls[0]
    expect([config.method, config.url]).toEqual(['post', '/tasks/generate'])
    expect(JSON.parse(config.data)).toEqual({ prompt: 'A parser', difficulty: 'mid' })
    expect(config.timeout).toBeGreaterThanOrEqual(180000)
  })

  it('gives a task save more than the default timeout, since it runs the tests in the sandbox', async () => {
    answer({ id: 3, validation: null })
    await createTask({ name: 'T' })
    await updateTask(3, { name: 'T' })
    for (const [config] of adapter.mock.calls) expect(config.timeout).toBeGreaterThan(client.defaults.timeout)
  })
})
