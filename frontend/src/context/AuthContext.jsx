import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import * as api from '../lib/api.js'

const AuthContext = createContext(null)

export function AuthProvider({ children }) {
  const [token, setToken] = useState(() => api.getStoredToken())
  const [user, setUser] = useState(null)
  const [loading, setLoading] = useState(() => Boolean(api.getStoredToken()))

  const clearSession = useCallback(() => {
    api.storeToken(null)
    setToken(null)
    setUser(null)
  }, [])

  useEffect(() => {
    api.setUnauthorizedHandler(clearSession)
    return () => api.setUnauthorizedHandler(() => {})
  }, [clearSession])

  // A stored token may have expired since the last visit: confirm it before trusting it.
  useEffect(() => {
    if (!token) {
      setLoading(false)
      return undefined
    }
    let cancelled = false
    setLoading(true)
    api
      .me()
      .then((me) => !cancelled && setUser(me))
      .catch(() => !cancelled && clearSession())
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
  }, [token, clearSession])

  const login = useCallback(async (email, password) => {
    const result = await api.login(email, password)
    api.storeToken(result.access_token)
    setUser(result.user)
    setToken(result.access_token)
    return result.user
  }, [])

  const refreshUser = useCallback(async () => {
    const me = await api.me()
    setUser(me)
    return me
  }, [])

  const value = useMemo(
    () => ({ user, token, loading, login, logout: clearSession, refreshUser }),
    [user, token, loading, login, clearSession, refreshUser],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth() {
  const context = useContext(AuthContext)
  if (!context) throw new Error('useAuth must be used inside <AuthProvider>')
  return context
}
