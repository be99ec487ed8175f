import { useState } from 'react'
import { Badge, Button, ErrorMessage, Spinner, useToast } from '../../components/ui/index.js'
import { errorMessage } from '../../lib/api.js'
import { formatDateTime } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import CopyLinkButton from '../../shared/assessments/CopyLinkButton.jsx'
import { getEmail, resendInvitation } from './api.js'
import { EMAIL_SANDBOX, emailSrcDoc } from './emailFrame.js'
import { emailKindLabel } from './kinds.js'

// An invitation's preview carries its assessment: copy the candidate's link, or send the invitation again.
function InvitationTools({ email, onResent }) {
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  if (!email.assessment_token) return null
  const onResend = async () => {
    setBusy(true)
    setError('')
    try {
      await resendInvitation(email.assessment_id)
      toast.show('Invitation queued again')
      onResent?.()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap gap-2">
        <CopyLinkButton token={email.assessment_token} />
        <Button size="sm" variant="secondary" onClick={onResend} loading={busy}>
          Resend
        </Button>
        <a href={`#/assessments/${email.assessment_id}`} className="self-center text-sm font-bold underline">
          Open the assessment
        </a>
      </div>
      <ErrorMessage message={error} />
    </div>
  )
}

export default function EmailPreview({ id, onResent }) {
  const { data: email, error, loading, reload } = useAsync(() => getEmail(id), [id])
  if (loading && !email) return <Spinner label="Loading email…" />
  if (error) return <ErrorMessage message={error} onRetry={reload} />
  if (!email) return null
  return (
    <div className="flex flex-col gap-3">
      <div className="text-sm">
        <p>
          <strong>To:</strong> {email.to}
        </p>
        <p>
          <strong>Subject:</strong> {email.subject}
        </p>
        <p>
          <strong>Type:</strong> {emailKindLabel(email.kind)}
        </p>
        <p className="flex flex-wrap items-center gap-2">
          <strong>Sent:</strong> {formatDateTime(email.sent_at ?? email.created_at)} <Badge>{email.transport}</Badge>
        </p>
        {email.error && <p className="text-red-700">Delivery error: {email.error}</p>}
      </div>
      <InvitationTools email={email} onResent={onResent} />
      {email.html ? (
        <iframe title={`Email: ${email.subject}`} sandbox={EMAIL_SANDBOX} srcDoc={emailSrcDoc(email.html)} className="h-[480px] w-full border-2 border-ink bg-paper" />
      ) : (
        <pre className="border-2 border-ink bg-neutral-100 p-3 text-sm whitespace-pre-wrap">{email.text}</pre>
      )}
    </div>
  )
}
