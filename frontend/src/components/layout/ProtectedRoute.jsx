import { useEffect } from 'react'
import { useAuth } from '../../context/AuthContext.jsx'
import { navigate } from '../../lib/router.js'
import Spinner from '../ui/Spinner.jsx'

// Signed-out visitors go back to the landing page; while the stored token is checked, show a spinner.
export default function ProtectedRoute({ children }) {
  const { user, loading } = useAuth()
  useEffect(() => {
    if (!loading && !user) navigate('/')
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
