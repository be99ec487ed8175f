import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { getStoredToken, setUnauthorizedHandler, storeToken } from '../lib/session.js'

// Loaded on first use: a visitor without a session (the landing page) never downloads the HTTP client.
const authApi = () => import('./authApi.js')

const AuthContext = createContext(null)

export function AuthProvider({ children }) {
  const [token, setToken] = useState(() => getStoredToken())
  const [user, setUser] = useState(null)
  const [loading, setLoading] = useState(() => Boolean(getStoredToken()))

  const clearSession = useCallback(() => {
    storeToken(null)
    setToken(null)
    setUser(null)
  }, [])

  useEffect(() => {
    setUnauthorizedHandler(clearSession)
    return () => setUnauthorizedHandler(() => {})
  }, [clearSession])

  // A stored token may have expired since the last visit: confirm it before trusting it.
  useEffect(() => {
    if (!token) {
      setLoading(false)
      return undefined
    }
    let cancelled = false
    setLoading(true)
    authApi()
      .then((api) => api.me())
      .then((me) => !cancelled && setUser(me))
      .catch(() => !cancelled && clearSession())
      .finally(() => !cancelled && setLoading(false))
    return () => {
      cancelled = true
    }
  }, [token, clearSession])

  const login = useCallback(async (email, password) => {
    const result = await (await authApi()).login(email, password)
    storeToken(result.access_token)
    setUser(result.user)
    setToken(result.access_token)
    return result.user
  }, [])

  // Logging out ends the refresh token on the server too; the local session is cleared whatever it answers.
  const logout = useCallback(async () => {
    clearSession()
    try {
      await (await authApi()).logout()
    } catch {
      // Offline or already ended: nothing more to revoke from here.
    }
  }, [clearSession])

  const refreshUser = useCallback(async () => {
    const me = await (await authApi()).me()
    setUser(me)
    return me
  }, [])

  const value = useMemo(
    () => ({ user, token, loading, login, logout, refreshUser }),
    [user, token, loading, login, logout, refreshUser],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth() {
  const context = useContext(AuthContext)
  if (!context) throw new Error('useAuth must be used inside <AuthProvider>')
  return context
}
