import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { stubAdapter } from '../test/stubAdapter.js'
import { client } from './api.js'
import { TOKEN_KEY, hasReturn, setUnauthorizedHandler, storeToken } from './session.js'

const stub = stubAdapter()

const ok = (config, data) => ({ data, status: 200, statusText: 'OK', headers: {}, config })
function refused(config, status = 401, detail = 'Could not validate credentials') {
  const error = new Error(`Request failed with status code ${status}`)
  error.config = config
  error.response = { status, data: { detail }, headers: {}, config }
  return error
}

// A server whose access tokens named in `valid` are accepted; /auth/refresh answers `refresh(config)`.
function serve({ valid, refresh }) {
  stub.adapter.mockImplementation(async (config) => {
    if (config.url === '/auth/refresh') return refresh(config)
    const token = config.headers.Authorization?.replace('Bearer ', '')
    if (!valid.has(token)) throw refused(config)
    return ok(config, { url: config.url, token })
  })
}

describe('the refresh interceptor', () => {
  const onUnauthorized = vi.fn()
  beforeEach(() => {
    onUnauthorized.mockReset()
    setUnauthorizedHandler(onUnauthorized)
    storeToken('expired')
    window.location.hash = '#/tasks'
  })
  afterEach(() => setUnauthorizedHandler(() => {}))

  it('refreshes once for concurrent 401s and retries each request once with the new token', async () => {
    const valid = new Set()
    let refreshes = 0
    serve({
      valid,
      refresh: async (config) => {
        refreshes += 1
        await new Promise((resolve) => setTimeout(resolve, 10))
        valid.add('fresh')
        return ok(config, { access_token: 'fresh' })
      },
    })
    const [a, b, c] = await Promise.all([client.get('/tasks'), client.get('/candidates'), client.post('/tasks', { name: 'Draft' })])
    expect(refreshes).toBe(1)
    expect([a.data.token, b.data.token, c.data.token]).toEqual(['fresh', 'fresh', 'fresh'])
    expect(localStorage.getItem(TOKEN_KEY)).toBe('fresh')
    const refresh = stub.calls().find((config) => config.url === '/auth/refresh')
    expect(refresh.withCredentials).toBe(true)
    expect(refresh.method).toBe('post')
    // The retried create carried its body again.
    const creates = stub.calls().filter((config) => config.url === '/tasks' && config.method === 'post')
    expect(creates.map((config) => JSON.parse(config.data))).toEqual([{ name: 'Draft' }, { name: 'Draft' }])
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('ends the session, remembering the page, only when the refresh is refused', async () => {
    serve({ valid: new Set(), refresh: async (config) => Promise.reject(refused(config, 401, 'Your session has ended: log in again')) })
    await expect(client.get('/tasks')).rejects.toMatchObject({ response: { status: 401 } })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull()
    expect(hasReturn()).toBe(true)
    expect(sessionStorage.getItem('tali_return_to')).toBe('#/tasks')
  })

  it('keeps the session when the refresh cannot reach the server', async () => {
    serve({
      valid: new Set(),
      refresh: async () => {
        throw new Error('Network Error')
      },
    })
    await expect(client.get('/tasks')).rejects.toMatchObject({ response: { status: 401 } })
    expect(onUnauthorized).not.toHaveBeenCalled()
    expect(localStorage.getItem(TOKEN_KEY)).toBe('expired')
  })

  it('gives up after one retry when the new token is refused too', async () => {
    let refreshes = 0
    serve({
      valid: new Set(),
      refresh: async (config) => {
        refreshes += 1
        return ok(config, { access_token: 'also-refused' })
      },
    })
    await expect(client.get('/tasks')).rejects.toMatchObject({ response: { status: 401 } })
    expect(refreshes).toBe(1)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('never refreshes for candidate calls, logins, or a 403', async () => {
    stub.adapter.mockImplementation(async (config) => {
      throw refused(config, config.url === '/forbidden' ? 403 : 401)
    })
    await expect(client.get('/assessments/1/session', { candidate: true })).rejects.toBeTruthy()
    await expect(client.post('/auth/login', {}, { isLogin: true })).rejects.toBeTruthy()
    await expect(client.get('/forbidden')).rejects.toMatchObject({ response: { status: 403 } })
    expect(stub.calls().some((config) => config.url === '/auth/refresh')).toBe(false)
    expect(onUnauthorized).not.toHaveBeenCalled()
  })
})
