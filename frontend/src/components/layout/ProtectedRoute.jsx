import { useEffect } from 'react'
import { useAuth } from '../../context/AuthContext.jsx'
import { navigate } from '../../lib/router.js'
import { hasReturn } from '../../lib/session.js'
import Spinner from '../ui/Spinner.jsx'

// Signed-out visitors go back to the landing page, and a session that ended mid-work to the login page (which
// brings them back here); while the stored token is checked, show a spinner.
export default function ProtectedRoute({ children }) {
  const { user, loading } = useAuth()
  useEffect(() => {
    if (!loading && !user) navigate(hasReturn() ? '/login?expired=1' : '/')
  }, [loading, user])
  if (loading || !user) {
    return (
      <div className="flex min-h-screen items-center justify-center">
        <Spinner size="lg" label="Checking your session…" />
      </div>
    )
  }
  return children
}
