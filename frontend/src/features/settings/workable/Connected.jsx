import { useState } from 'react'
import { Badge, Button, ConfirmDialog, useToast } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { disconnectWorkable } from '../api.js'
import SettingsForm from './SettingsForm.jsx'
import ActivityList from './ActivityList.jsx'

export default function Connected({ connection, onChanged, onDisconnected }) {
  const toast = useToast()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const onDisconnect = async () => {
    setBusy(true)
    setError('')
    try {
      await disconnectWorkable()
      toast.show('Workable disconnected')
      onDisconnected()
    } catch (err) {
      setError(errorMessage(err, 'Could not disconnect Workable.'))
      setBusy(false)
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-bold">Status:</span>
        <Badge tone="green">Connected</Badge>
        <span className="text-sm">
          {connection.subdomain}.workable.com · {connection.auth_kind === 'oauth' ? 'signed in with Workable' : 'account token'}
        </span>
        {/* Registered while a stage is mapped: without a mapping there is nothing to be told. */}
        {connection.triggers?.length > 0 && !connection.webhook_registered && <Badge tone="yellow">Webhook not registered</Badge>}
        <Button variant="danger" onClick={() => setConfirming(true)}>
          Disconnect
        </Button>
      </div>
      <SettingsForm connection={connection} onSaved={onChanged} />
      <ActivityList />
      <ConfirmDialog
        open={confirming}
        title="Disconnect Workable"
        message="Candidates will no longer be invited from Workable and results will not be posted back. The stage map is forgotten."
        confirmLabel="Disconnect"
        busy={busy}
        error={error}
        onConfirm={onDisconnect}
        onCancel={() => setConfirming(false)}
      />
    </div>
  )
}
