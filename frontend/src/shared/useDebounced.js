import { useEffect, useState } from 'react'

// The value, updated only after it has stopped changing for `delayMs` (keeps search from firing per keystroke).
export function useDebounced(value, delayMs = 300) {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs)
    return () => clearTimeout(timer)
  }, [value, delayMs])
  return debounced
}
