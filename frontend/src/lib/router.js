import { useEffect, useState } from 'react'

// Splits "#/assessments/12?tab=ai" into { path: '/assessments/12', query: URLSearchParams('tab=ai') }.
export function parseHash(hash) {
  const raw = (hash ?? '').replace(/^#/, '') || '/'
  const [pathPart, queryPart = ''] = raw.split('?')
  const path = pathPart.length > 1 ? pathPart.replace(/\/+$/, '') : '/'
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(queryPart) }
}

// Matches "/assessments/:id" against "/assessments/12" and returns { id: '12' }, or null.
export function matchPath(pattern, path) {
  const want = pattern.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return null
  const params = {}
  for (let i = 0; i < want.length; i += 1) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i])
    else if (want[i] !== got[i]) return null
  }
  return params
}

export function navigate(to) {
  window.location.hash = to.startsWith('#') ? to : `#${to}`
}

export function useHashLocation() {
  const [hash, setHash] = useState(() => window.location.hash)
  useEffect(() => {
    const onChange = () => setHash(window.location.hash)
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return parseHash(hash)
}

// The public URL a candidate opens; built from the current origin so it works on every deployment.
export function candidateLink(token) {
  return `${window.location.origin}/#/assess/${token}`
}
