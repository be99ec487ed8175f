import { useCallback, useState } from 'react'

// A form's unsaved input, kept in this tab's sessionStorage as it is typed: when the session ends mid-form (and a
// silent refresh could not renew it) or the page reloads, logging in again brings the form back as it was.
const PREFIX = 'tali_draft:'

export function readDraft(key) {
  try {
    return JSON.parse(sessionStorage.getItem(PREFIX + key))
  } catch {
    return null
  }
}

export function hasDraft(key) {
  return readDraft(key) !== null
}

export function clearDraft(key) {
  sessionStorage.removeItem(PREFIX + key)
}

// Like useState for a form object, but stored under `key` once the user changes it. `initial()` is used when no
// draft is stored (or `fresh` asks to start over, e.g. an AI draft replacing an old one). `restored` says the value
// came from storage; `discard()` forgets the draft (after a save, or when the user cancels); `reset(value)` starts
// the form over with `value` without storing it (a modal opened again for something else).
export function useSessionDraft(key, initial, { fresh = false } = {}) {
  const [state, setState] = useState(() => {
    const stored = fresh ? null : readDraft(key)
    return { value: stored ?? initial(), restored: stored !== null }
  })
  const update = useCallback(
    (next) =>
      setState((current) => {
        const value = typeof next === 'function' ? next(current.value) : next
        try {
          sessionStorage.setItem(PREFIX + key, JSON.stringify(value))
        } catch {
          // Storage full or disabled: the form still works, only without the safety copy.
        }
        return { ...current, value }
      }),
    [key],
  )
  const discard = useCallback(() => clearDraft(key), [key])
  const reset = useCallback(
    (value) => {
      clearDraft(key)
      setState({ value, restored: false })
    },
    [key],
  )
  return [state.value, update, { restored: state.restored, discard, reset }]
}
