import { useEffect, useState } from 'react'
import { highlight } from '../../lib/highlight.js'

// The code's highlighted HTML once Monaco has coloured it; null until then, or when it could not (the plain code
// stays readable meanwhile).
export function useHighlighted(code, lang) {
  const [html, setHtml] = useState(null)
  useEffect(() => {
    let live = true
    setHtml(null)
    highlight(code, lang).then(
      (out) => live && setHtml(out),
      () => {},
    )
    return () => {
      live = false
    }
  }, [code, lang])
  return html
}
