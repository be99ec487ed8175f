import { useState } from 'react'
import { Button, ConfirmDialog, useToast } from '../../../components/ui/index.js'
import { useAuth } from '../../../context/AuthContext.jsx'
import { errorMessage } from '../../../lib/api.js'
import { navigate } from '../../../lib/router.js'
import { deleteAssessment, downloadReportPdf, postToWorkable } from '../api.js'
import { downloadBlob } from '../../../lib/download.js'

export default function DetailActions({ assessment, onChanged }) {
  const { user } = useAuth()
  const toast = useToast()
  const [busy, setBusy] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [deleteError, setDeleteError] = useState('')
  const completed = assessment.status === 'completed'
  const connected = Boolean(user?.organization?.workable_connected)

  const run = async (name, action) => {
    setBusy(name)
    try {
      await action()
    } catch (error) {
      toast.show(errorMessage(error), 'error')
    } finally {
      setBusy('')
    }
  }

  const onDownload = () =>
    run('pdf', async () => downloadBlob(await downloadReportPdf(assessment.id), `tali-assessment-${assessment.id}.pdf`))

  const onPost = () =>
    run('workable', async () => {
      await postToWorkable(assessment.id)
      toast.show('Posting the results to Workable…')
      onChanged()
    })

  const onDelete = async () => {
    setBusy('delete')
    setDeleteError('')
    try {
      await deleteAssessment(assessment.id)
      toast.show('Assessment archived')
      navigate('/assessments')
    } catch (error) {
      setDeleteError(errorMessage(error))
      setBusy('')
    }
  }

  let workableHint = ''
  if (!connected) workableHint = 'Connect Workable in Settings to post results.'
  else if (assessment.posted_to_workable) workableHint = 'Already posted to Workable.'
  else if (!completed) workableHint = 'Available once the assessment is completed.'
  let postLabel = 'Post to Workable'
  if (assessment.posted_to_workable) postLabel = 'Posted to Workable'
  else if (assessment.workable_post_error) postLabel = 'Retry posting to Workable'

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={onDownload} loading={busy === 'pdf'} disabled={!completed}>
          Download PDF
        </Button>
        <Button variant="secondary" onClick={onPost} loading={busy === 'workable'} disabled={Boolean(workableHint)} title={workableHint || undefined}>
          {postLabel}
        </Button>
        {assessment.status !== 'pending' && !assessment.archived && (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            Archive
          </Button>
        )}
      </div>
      {workableHint && !assessment.posted_to_workable && <p className="text-xs text-neutral-600">{workableHint}</p>}
      {assessment.posted_to_workable_at && (
        <p className="text-xs text-neutral-600">Posted to Workable on {new Date(assessment.posted_to_workable_at).toLocaleString()}.</p>
      )}
      {!assessment.posted_to_workable && assessment.workable_post_error && (
        <p role="alert" className="max-w-md text-right text-xs font-semibold text-red-700">
          Posting to Workable failed: {assessment.workable_post_error}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Archive assessment"
        confirmLabel="Archive"
        message="The assessment leaves your lists and stays readable under the Archived filter. This cannot be undone."

        busy={busy === 'delete'}
        error={deleteError}
        onConfirm={onDelete}
        onCancel={() => setConfirming(false)}
      />
    </div>
  )
}
