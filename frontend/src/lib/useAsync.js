import { useCallback, useEffect, useRef, useState } from 'react'
import { errorMessage } from './api.js'

// Runs `load` whenever `deps` change and exposes { data, error, loading, reload }.
// Answers from superseded calls are dropped so a slow old request never overwrites a newer one.
export function useAsync(load, deps) {
  const [state, setState] = useState({ data: null, error: '', loading: true })
  const generation = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const run = useCallback(() => {
    generation.current += 1
    const mine = generation.current
    setState((s) => ({ ...s, loading: true, error: '' }))
    loadRef
      .current()
      .then((data) => mine === generation.current && setState({ data, error: '', loading: false }))
      .catch((error) => mine === generation.current && setState((s) => ({ ...s, error: errorMessage(error), loading: false })))
  }, [])

  useEffect(run, deps)
  return { ...state, reload: run }
}
