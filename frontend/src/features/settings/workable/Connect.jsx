import { useState } from 'react'
import { Badge, Button, ErrorMessage, Input } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { connectWorkable, getWorkableAuthorizeUrl } from '../api.js'

export default function Connect({ oauthAvailable, onConnected }) {
  const [subdomain, setSubdomain] = useState('')
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState('')
  const [error, setError] = useState('')

  const onSubmit = async (event) => {
    event.preventDefault()
    setBusy('token')
    setError('')
    try {
      onConnected(await connectWorkable({ subdomain, access_token: token }))
    } catch (err) {
      setError(errorMessage(err, 'Could not connect Workable.'))
      setBusy('')
    }
  }

  const onOAuth = async () => {
    setBusy('oauth')
    setError('')
    try {
      const { url } = await getWorkableAuthorizeUrl()
      window.location.assign(url)
    } catch (err) {
      setError(errorMessage(err, 'Could not start the Workable connection.'))
      setBusy('')
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <span className="font-bold">Status:</span>
        <Badge tone="gray">Not Connected</Badge>
      </div>
      <p className="text-sm">
        Connect Workable to invite candidates when they reach a stage of your pipeline and to post their results back
        to their Workable profile.
      </p>
      <form onSubmit={onSubmit} className="flex max-w-md flex-col gap-3 border-2 border-ink p-4">
        <h3 className="font-black uppercase">Connect with an account token</h3>
        <Input
          label="Workable subdomain"
          hint="The part before .workable.com, e.g. acme"
          value={subdomain}
          onChange={(e) => setSubdomain(e.target.value)}
          required
        />
        <Input
          label="Access token"
          type="password"
          autoComplete="off"
          hint="In Workable: Settings → Integrations → Apps → Generate API token (an admin can create one)."
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
        <div>
          <Button type="submit" loading={busy === 'token'}>
            Connect Workable
          </Button>
        </div>
      </form>
      {oauthAvailable ? (
        <div>
          <Button variant="secondary" onClick={onOAuth} loading={busy === 'oauth'}>
            Sign in with Workable
          </Button>
        </div>
      ) : (
        <p className="text-xs text-neutral-600">
          Signing in with Workable (OAuth) is not set up on this server; an account token works for every Workable plan.
        </p>
      )}
      <ErrorMessage message={error} />
    </div>
  )
}
