import { useState } from 'react'
import { Button, ErrorMessage, Input, Modal, useToast } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { downloadBlob } from '../../lib/download.js'
import { navigate } from '../../lib/router.js'
import { hasRole } from '../../shared/roles.js'
import { eraseCandidate, exportCandidate } from './api.js'

const sameEmail = (typed, email) => typed.trim().toLowerCase() === email.trim().toLowerCase()

// The candidate's data rights (GDPR), for owners and admins: download everything held about them as JSON, and
// erase it after typing their email, so an erasure is never one stray click.
export default function CandidatePrivacy({ candidate }) {
  const { user } = useAuth()
  const toast = useToast()
  const [exporting, setExporting] = useState(false)
  const [erasing, setErasing] = useState(false)
  const [typed, setTyped] = useState('')
  const [state, setState] = useState({ busy: false, error: '' })
  if (!hasRole(user, 'admin')) return null

  const onExport = async () => {
    setExporting(true)
    try {
      const archive = await exportCandidate(candidate.id)
      const blob = new Blob([JSON.stringify(archive, null, 2)], { type: 'application/json' })
      downloadBlob(blob, `tali-candidate-${candidate.id}.json`)
      toast.show('Candidate data exported')
    } catch (err) {
      toast.show(errorMessage(err, 'Could not export the candidate data.'), 'error')
    } finally {
      setExporting(false)
    }
  }

  const close = () => {
    setErasing(false)
    setTyped('')
    setState({ busy: false, error: '' })
  }

  const onErase = async () => {
    setState({ busy: true, error: '' })
    try {
      await eraseCandidate(candidate.id, typed.trim())
      toast.show('Candidate data erased')
      navigate('/candidates')
    } catch (err) {
      setState({ busy: false, error: errorMessage(err, 'Could not erase the candidate data.') })
    }
  }

  return (
    <>
      <Button variant="secondary" onClick={onExport} loading={exporting}>
        Export data
      </Button>
      <Button variant="danger" onClick={() => setErasing(true)}>
        Erase data
      </Button>
      <Modal
        open={erasing}
        title="Erase candidate data"
        onClose={close}
        footer={
          <>
            <Button variant="secondary" onClick={close} disabled={state.busy}>
              Cancel
            </Button>
            <Button variant="danger" onClick={onErase} loading={state.busy} disabled={!sameEmail(typed, candidate.email)}>
              Erase permanently
            </Button>
          </>
        }
      >
        <p className="text-sm">
          This permanently erases everything held about <strong>{candidate.full_name || candidate.email}</strong>: their code, snapshots, chat with the
          assistant, session events, emails, reports, name and email. Their scores stay, anonymised, in your analytics. It cannot be undone; export their
          data first if you need a copy.
        </p>
        <div className="mt-4">
          <Input
            id="erase-confirm"
            label={`Type ${candidate.email} to confirm`}
            value={typed}
            autoComplete="off"
            onChange={(event) => setTyped(event.target.value)}
          />
        </div>
        {state.error && (
          <div className="mt-3">
            <ErrorMessage message={state.error} />
          </div>
        )}
      </Modal>
    </>
  )
}
