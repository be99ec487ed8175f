import { useCallback, useEffect, useState } from 'react'
import { Badge, ErrorMessage, Spinner } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { hasRole } from '../../shared/roles.js'
import { getWorkable } from './api.js'
import Connect from './workable/Connect.jsx'
import Connected from './workable/Connected.jsx'

export default function WorkableTab() {
  const { user, refreshUser } = useAuth()
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
  if (!hasRole(user, 'owner')) return <ReadOnly connection={connection} />
  return connection.connected ? (
    <Connected connection={connection} onChanged={changed} onDisconnected={() => changed({ ...connection, connected: false })} />
  ) : (
    <Connect oauthAvailable={connection.oauth_available} onConnected={changed} />
  )
}

// Only an owner manages integrations; the rest of the team sees whether Workable is connected.
function ReadOnly({ connection }) {
  return (
    <div className="flex flex-col gap-4" data-testid="workable-read-only">
      <div className="flex items-center gap-3">
        <span className="font-bold">Status:</span>
        {connection.connected ? <Badge tone="green">Connected</Badge> : <Badge tone="gray">Not Connected</Badge>}
        {connection.connected && connection.subdomain && <span>{connection.subdomain}</span>}
      </div>
      <p className="border-2 border-ink bg-brand-light p-3 text-sm font-semibold">Only an owner can manage integrations.</p>
    </div>
  )
}
