import { useEffect, useState } from 'react'
import { Button, ErrorMessage, Modal, Select } from '../../../components/ui/index.js'
import { formatDateTime } from '../../../lib/format.js'
import { VALIDITY_DAYS, extendedExpiry } from './invitationActions.js'

// Extend a link (or re-invite an expired candidate) by a number of days, showing the expiry it will have.
export default function ValidityDialog({ open, mode, assessment, busy, error, onConfirm, onCancel }) {
  const [days, setDays] = useState(7)
  useEffect(() => {
    if (open) setDays(7)
  }, [open])
  const reinvite = mode === 'reinvite'
  const expiry = extendedExpiry(assessment.expires_at, days)
  return (
    <Modal
      open={open}
      title={reinvite ? 'Re-invite candidate' : 'Extend link'}
      onClose={onCancel}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button variant="dark" onClick={() => onConfirm(days)} loading={busy}>
            {reinvite ? 'Re-invite' : 'Extend'}
          </Button>
        </>
      }
    >
      <p className="text-sm">
        {reinvite
          ? `${assessment.candidate_name || assessment.candidate_email}'s link expired on ${formatDateTime(assessment.expires_at)}. Re-inviting gives it more time and sends the invitation again.`
          : `The link is valid until ${formatDateTime(assessment.expires_at)}.`}
      </p>
      <div className="mt-3">
        <Select label="Add" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {VALIDITY_DAYS.map((d) => (
            <option key={d} value={d}>
              {d} day{d === 1 ? '' : 's'}
            </option>
          ))}
        </Select>
      </div>
      <p className="mt-3 text-sm font-bold" data-testid="new-expiry">
        New expiry: {formatDateTime(expiry.toISOString())}
      </p>
      {error && (
        <div className="mt-3">
          <ErrorMessage message={error} />
        </div>
      )}
    </Modal>
  )
}
