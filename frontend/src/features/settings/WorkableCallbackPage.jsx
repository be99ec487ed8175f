import { useEffect, useRef, useState } from 'react'
import { ErrorMessage, Spinner } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { connectWorkable } from './api.js'

// Workable's OAuth redirect lands on the real path /settings/workable/callback?code=...; finish the
// connection, then go back to the hash-routed settings page.
export default function WorkableCallbackPage({ query }) {
  const { refreshUser } = useAuth()
  const [error, setError] = useState('')
  const started = useRef(false)
  const code = query?.get('code')
  const state = query?.get('state')
  const denied = query?.get('error')

  useEffect(() => {
    if (started.current) return
    started.current = true
    if (!code) {
      setError(denied ? `Workable did not authorise the connection (${denied}).` : 'The Workable callback is missing its authorisation code.')
      return
    }
    connectWorkable({ code, state })
      .then(() => refreshUser())
      .then(() => window.location.replace('/#/settings'))
      .catch((err) => setError(errorMessage(err, 'Could not connect Workable.')))
  }, [code, state, denied, refreshUser])

  return (
    <div className="mx-auto flex max-w-lg flex-col gap-4 py-10">
      <h1 className="text-2xl font-black uppercase">Connecting Workable</h1>
      {error ? (
        <>
          <ErrorMessage message={error} />
          <a href="/#/settings" className="font-bold underline">
            Back to settings
          </a>
        </>
      ) : (
        <Spinner label="Finishing the connection…" />
      )}
    </div>
  )
}
