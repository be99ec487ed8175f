import { useState } from 'react'
import { Button, ConfirmDialog, useToast } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { navigate } from '../../../lib/router.js'
import WorkablePost from '../../../shared/assessments/WorkablePost.jsx'
import { deleteAssessment, downloadReportPdf } from '../api.js'
import { downloadBlob } from '../../../lib/download.js'

export default function DetailActions({ assessment, onChanged }) {
  const toast = useToast()
  const [busy, setBusy] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [deleteError, setDeleteError] = useState('')
  const completed = assessment.status === 'completed'

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

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={onDownload} loading={busy === 'pdf'} disabled={!completed}>
          Download PDF
        </Button>
        {assessment.status !== 'pending' && !assessment.archived && (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            Archive
          </Button>
        )}
      </div>
      <WorkablePost assessment={assessment} onPosted={onChanged} />
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
