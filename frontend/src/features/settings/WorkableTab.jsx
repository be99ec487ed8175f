import { useState } from 'react'
import { Badge, Button, ErrorMessage } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { getWorkableAuthorizeUrl } from './api.js'

export default function WorkableTab() {
  const { user } = useAuth()
  const connected = Boolean(user?.organization?.workable_connected)
  const [error, setError] = useState('')
  const [redirecting, setRedirecting] = useState(false)

  const onConnect = async () => {
    setError('')
    setRedirecting(true)
    try {
      const { url } = await getWorkableAuthorizeUrl()
      window.location.assign(url)
    } catch (err) {
      setError(errorMessage(err, 'Could not start the Workable connection.'))
      setRedirecting(false)
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <span className="font-bold">Status:</span>
        <Badge tone={connected ? 'green' : 'gray'}>{connected ? 'Connected' : 'Not Connected'}</Badge>
      </div>
      <p className="text-sm">
        {connected
          ? 'Completed assessments can be posted to the candidate’s Workable profile from the assessment page.'
          : 'Connect Workable to post assessment results to your candidates’ profiles.'}
      </p>
      {!connected && (
        <div>
          <Button onClick={onConnect} loading={redirecting}>
            Connect Workable
          </Button>
        </div>
      )}
      <ErrorMessage message={error} />
    </div>
  )
}
