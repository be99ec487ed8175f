import { uuid } from './uuid.js'

// Browsers cap the bodies of all in-flight keepalive requests at 64 KiB together; stay under it.
const KEEPALIVE_MAX_BYTES = 60000
const BATCH_MAX_BYTES = 512000
const BATCH_MAX_EVENTS = 100
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10000, 30000]

// 4xx answers other than timeout and rate limiting will not change on retry.
const isPermanent = (error) => {
  const status = error?.response?.status
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429
}

const byteLength = (value) => new TextEncoder().encode(JSON.stringify(value)).length

// Telemetry events waiting for the server. Events are persisted to storage as soon as they are pushed, sent in
// batches, and retried with backoff on failure. Each event keeps its client-made id across retries, so a batch
// that reached the server before the connection dropped is not counted twice (the server deduplicates by id).
export function createEventQueue({ send, storage, storageKey, flushDelayMs = 1000, onStatus = () => {}, onSent = () => {} }) {
  let pending = load()
  let inFlight = false
  let failures = 0
  let timer = null
  let online = true
  let stopped = true

  function load() {
    try {
      const saved = JSON.parse(storage.getItem(storageKey) ?? '[]')
      return Array.isArray(saved) ? saved : []
    } catch {
      return []
    }
  }

  function persist() {
    try {
      if (pending.length) storage.setItem(storageKey, JSON.stringify(pending))
      else storage.removeItem(storageKey)
    } catch {
      // Storage full or blocked: the events are still in memory and will be sent.
    }
  }

  const report = () => onStatus({ online, pending: pending.length })

  function schedule(delay) {
    if (stopped || timer) return
    timer = setTimeout(() => {
      timer = null
      flush()
    }, delay)
  }

  // The oldest events that fit the size budget; always at least one, so a large event cannot block the queue.
  function takeBatch(maxBytes) {
    const batch = []
    let size = 2
    for (const event of pending.slice(0, BATCH_MAX_EVENTS)) {
      const eventSize = byteLength(event) + 1
      if (batch.length && size + eventSize > maxBytes) break
      batch.push(event)
      size += eventSize
    }
    return batch
  }

  function remove(batch) {
    const sent = new Set(batch.map((event) => event.id))
    pending = pending.filter((event) => !sent.has(event.id))
    persist()
  }

  async function flush() {
    if (stopped || inFlight || pending.length === 0) return
    clearTimeout(timer)
    timer = null
    const batch = takeBatch(BATCH_MAX_BYTES)
    inFlight = true
    try {
      await send(batch, { keepalive: false })
      remove(batch)
      failures = 0
      online = true
      onSent(batch)
    } catch (error) {
      if (isPermanent(error)) {
        remove(batch)
      } else {
        online = Boolean(error?.response)
        failures += 1
        schedule(RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length) - 1])
      }
    } finally {
      inFlight = false
      report()
    }
    if (failures === 0 && pending.length) schedule(0)
  }

  // The page is going away: one keepalive request that may outlive it. It ignores a request already in flight
  // (a duplicate is harmless, ids dedupe); whatever does not fit stays in storage for the next visit.
  function flushBeforeUnload() {
    if (stopped || pending.length === 0) return Promise.resolve()
    const batch = takeBatch(KEEPALIVE_MAX_BYTES)
    return send(batch, { keepalive: true }).then(
      () => {
        remove(batch)
        onSent(batch)
      },
      () => {},
    )
  }

  return {
    push(type, data = {}) {
      const event = { id: uuid(), type, at: new Date().toISOString(), data }
      pending.push(event)
      persist()
      report()
      schedule(flushDelayMs)
      return event
    },
    // Sends now rather than after the batching delay or the current backoff (e.g. the browser is back online).
    flush() {
      clearTimeout(timer)
      timer = null
      return flush()
    },
    flushBeforeUnload,
    get size() {
      return pending.length
    },
    // The queue sends nothing until started; stopping keeps the events (memory and storage) for a restart.
    start() {
      stopped = false
      return flush()
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      timer = null
    },
  }
}
