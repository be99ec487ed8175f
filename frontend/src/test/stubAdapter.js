import { afterEach, beforeEach, vi } from 'vitest'
import { client } from '../lib/api.js'

// Swaps the shared client's adapter for a mock in every test of the calling file, so a test can read the request
// an api.js function built (url, params, timeout) without a server. `answer` sets the response.
export function stubAdapter() {
  const stub = { adapter: null }
  let previous
  beforeEach(() => {
    previous = client.defaults.adapter
    stub.adapter = vi.fn()
    client.defaults.adapter = stub.adapter
  })
  afterEach(() => {
    client.defaults.adapter = previous
  })
  stub.answer = (data, headers = {}, status = 200) =>
    stub.adapter.mockImplementation(async (config) => ({ data, status, statusText: 'OK', headers, config }))
  stub.calls = () => stub.adapter.mock.calls.map(([config]) => config)
  return stub
}
