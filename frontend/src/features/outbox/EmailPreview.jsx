import { Badge, ErrorMessage, Spinner } from '../../components/ui/index.js'
import { formatDateTime } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import { getEmail } from './api.js'
import { EMAIL_SANDBOX, emailSrcDoc } from './emailFrame.js'

export default function EmailPreview({ id }) {
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
        <p className="flex flex-wrap items-center gap-2">
          <strong>Sent:</strong> {formatDateTime(email.sent_at ?? email.created_at)} <Badge>{email.transport}</Badge>
        </p>
        {email.error && <p className="text-red-700">Delivery error: {email.error}</p>}
      </div>
      {email.html ? (
        <iframe title={`Email: ${email.subject}`} sandbox={EMAIL_SANDBOX} srcDoc={emailSrcDoc(email.html)} className="h-[480px] w-full border-2 border-ink bg-paper" />
      ) : (
        <pre className="border-2 border-ink bg-neutral-100 p-3 text-sm whitespace-pre-wrap">{email.text}</pre>
      )}
    </div>
  )
}
