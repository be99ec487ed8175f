import { formatDateTime } from '../../../lib/format.js'
import { candidateLink } from '../../../lib/router.js'
import CopyLinkButton from '../CopyLinkButton.jsx'
import { NOT_SET_UP } from '../invitations/invitationActions.js'

// After sending: what happened to the email (never "sent" without an email service) and the link to share.
export default function CreatedNotice({ created, emailStatus }) {
  let message = `Invitation saved for ${created.candidate_email}`
  if (emailStatus?.configured) message = `Assessment sent to ${created.candidate_email}`
  else if (emailStatus) message = NOT_SET_UP
  return (
    <>
      <p role="status" className={`border-2 border-ink p-3 font-semibold ${emailStatus && !emailStatus.configured ? 'bg-yellow-100' : 'bg-green-100'}`}>
        {message}
      </p>
      <p className="mt-4 text-sm font-bold">Candidate link{created.expires_at ? `, valid until ${formatDateTime(created.expires_at)}` : ''}</p>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <code className="flex-1 border-2 border-ink bg-neutral-100 px-2 py-1 text-xs break-all" data-testid="candidate-link">
          {candidateLink(created.token)}
        </code>
        <CopyLinkButton token={created.token} />
      </div>
    </>
  )
}
