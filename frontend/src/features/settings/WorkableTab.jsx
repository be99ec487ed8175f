import { useCallback, useEffect, useState } from 'react'
import { ErrorMessage, Spinner } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { getWorkable } from './api.js'
import Connect from './workable/Connect.jsx'
import Connected from './workable/Connected.jsx'

export default function WorkableTab() {
  const { refreshUser } = useAuth()
  const [connection, setConnection] = useState(null)
  const [loadError, setLoadError] = useState('')

  const load = useCallback(() => {
    setLoadError('')
    getWorkable()
      .then(setConnection)
      .catch((err) => setLoadError(errorMessage(err, 'Could not load the Workable connection.')))
  }, [])
  useEffect(load, [load])

  const changed = (next) => {
    setConnection(next)
    refreshUser()
  }

  if (loadError) return <ErrorMessage message={loadError} />
  if (!connection) return <Spinner label="Loading Workable…" />
  return connection.connected ? (
    <Connected connection={connection} onChanged={changed} onDisconnected={() => changed({ ...connection, connected: false })} />
  ) : (
    <Connect oauthAvailable={connection.oauth_available} onConnected={changed} />
  )
}
