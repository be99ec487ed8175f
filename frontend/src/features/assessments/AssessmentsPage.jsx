import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { Button } from '../../components/ui/index.js'
import AssessmentsPanel from '../../shared/assessments/AssessmentsPanel.jsx'
import CreateAssessmentModal from '../../shared/assessments/CreateAssessmentModal.jsx'
import { hasCreateDraft } from '../../shared/assessments/createAssessmentForm.js'
import BulkInviteModal from './bulk/BulkInviteModal.jsx'

export default function AssessmentsPage() {
  // An unsent invitation (the session ended mid-form) reopens the modal.
  const [modal, setModal] = useState(() => (hasCreateDraft() ? 'create' : null))
  const [refreshKey, setRefreshKey] = useState(0)
  const refresh = () => setRefreshKey((k) => k + 1)
  const createButton = <Button onClick={() => setModal('create')}>Create Assessment</Button>
  const actions = (
    <>
      <Button variant="secondary" onClick={() => setModal('bulk')}>
        Bulk invite
      </Button>
      {createButton}
    </>
  )
  return (
    <>
      <PageHeader title="Assessments" subtitle="Every assessment your organization has sent." actions={actions} />
      <AssessmentsPanel refreshKey={refreshKey} emptyAction={createButton} />
      <CreateAssessmentModal open={modal === 'create'} onClose={() => setModal(null)} onCreated={refresh} />
      <BulkInviteModal open={modal === 'bulk'} onClose={() => setModal(null)} onSent={refresh} />
    </>
  )
}
