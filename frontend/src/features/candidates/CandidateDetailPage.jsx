import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { Button, Card, ConfirmDialog, EmptyState, ErrorMessage, Spinner, useToast } from '../../components/ui/index.js'
import { errorMessage } from '../../lib/api.js'
import { formatDate } from '../../lib/format.js'
import { navigate } from '../../lib/router.js'
import { useAsync } from '../../lib/useAsync.js'
import AssessmentsTable from '../../shared/assessments/AssessmentsTable.jsx'
import CreateAssessmentModal from '../../shared/assessments/CreateAssessmentModal.jsx'
import { hasCreateDraft } from '../../shared/assessments/createAssessmentForm.js'
import { hasDraft } from '../../shared/sessionDraft.js'
import { deleteCandidate, getCandidate, updateCandidate } from './api.js'
import CandidateForm, { candidateDraftKey } from './CandidateForm.jsx'
import CandidatePrivacy from './CandidatePrivacy.jsx'
import WorkableResults from './WorkableResults.jsx'

export default function CandidateDetailPage({ params }) {
  const toast = useToast()
  const { data: candidate, error, loading, reload } = useAsync(() => getCandidate(params.id), [params.id])
  // An unsaved edit or invitation of this candidate (the session ended mid-form) opens again.
  const [editing, setEditing] = useState(() => hasDraft(candidateDraftKey({ id: params.id })))
  const [confirming, setConfirming] = useState(false)
  const [sending, setSending] = useState(() => hasCreateDraft(params.id))
  const [deleteState, setDeleteState] = useState({ busy: false, error: '' })

  if (loading && !candidate) return <Spinner label="Loading candidate…" />
  if (error && !candidate) return <ErrorMessage message={error} onRetry={reload} />
  if (!candidate) return null

  const onSave = async (payload) => {
    await updateCandidate(candidate.id, payload)
    toast.show('Candidate saved')
    setEditing(false)
    reload()
  }

  const onDelete = async () => {
    setDeleteState({ busy: true, error: '' })
    try {
      await deleteCandidate(candidate.id)
      toast.show('Candidate deleted')
      navigate('/candidates')
    } catch (err) {
      setDeleteState({ busy: false, error: errorMessage(err) })
    }
  }

  const assessments = candidate.assessments ?? []
  return (
    <>
      <a href="#/candidates" className="text-sm font-bold underline">
        ← All candidates
      </a>
      <PageHeader
        title={candidate.full_name || candidate.email}
        subtitle={`${candidate.email} · ${candidate.position || 'No position'} · added ${formatDate(candidate.created_at)}`}
        actions={
          <>
            <Button onClick={() => setSending(true)}>Send assessment</Button>
            <Button variant="secondary" onClick={() => setEditing(true)} disabled={editing}>
              Edit
            </Button>
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Delete
            </Button>
            <CandidatePrivacy candidate={candidate} />
          </>
        }
      />
      {editing && (
        <Card title="Edit candidate" className="mb-6">
          <CandidateForm candidate={candidate} onSave={onSave} onCancel={() => setEditing(false)} />
        </Card>
      )}
      <h2 className="mb-3 text-xl font-black uppercase">Assessments</h2>
      <AssessmentsTable items={assessments} empty={<EmptyState title="No assessments" message="This candidate has not been sent an assessment yet." />} />
      <WorkableResults assessments={assessments} onPosted={reload} />
      <CreateAssessmentModal open={sending} candidate={candidate} onClose={() => setSending(false)} onCreated={reload} />
      <ConfirmDialog
        open={confirming}
        title="Delete candidate"
        message={`Delete ${candidate.full_name || candidate.email}? They disappear from your lists; existing reports are kept.`}
        busy={deleteState.busy}
        error={deleteState.error}
        onConfirm={onDelete}
        onCancel={() => setConfirming(false)}
      />
    </>
  )
}
