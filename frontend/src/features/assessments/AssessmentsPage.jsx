import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { Button } from '../../components/ui/index.js'
import AssessmentsPanel from '../../shared/assessments/AssessmentsPanel.jsx'
import CreateAssessmentModal from '../../shared/assessments/CreateAssessmentModal.jsx'

export default function AssessmentsPage() {
  const [modalOpen, setModalOpen] = useState(false)
  const [refreshKey, setRefreshKey] = useState(0)
  const createButton = <Button onClick={() => setModalOpen(true)}>Create Assessment</Button>
  return (
    <>
      <PageHeader title="Assessments" subtitle="Every assessment your organization has sent." actions={createButton} />
      <AssessmentsPanel refreshKey={refreshKey} emptyAction={createButton} />
      <CreateAssessmentModal open={modalOpen} onClose={() => setModalOpen(false)} onCreated={() => setRefreshKey((k) => k + 1)} />
    </>
  )
}
