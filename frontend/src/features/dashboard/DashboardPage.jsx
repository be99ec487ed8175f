import { useState } from 'react'
import PageHeader from '../../components/layout/PageHeader.jsx'
import { Button } from '../../components/ui/index.js'
import { useAsync } from '../../lib/useAsync.js'
import AssessmentsPanel from '../../shared/assessments/AssessmentsPanel.jsx'
import CreateAssessmentModal from '../../shared/assessments/CreateAssessmentModal.jsx'
import { hasCreateDraft } from '../../shared/assessments/createAssessmentForm.js'
import StatCards from '../../shared/StatCards.jsx'
import { getAnalytics } from './api.js'

export default function DashboardPage() {
  // An unsent invitation (the session ended mid-form) reopens the modal.
  const [modalOpen, setModalOpen] = useState(hasCreateDraft)
  const [refreshKey, setRefreshKey] = useState(0)
  const analytics = useAsync(getAnalytics, [refreshKey])
  const onCreated = () => setRefreshKey((k) => k + 1)
  const createButton = <Button onClick={() => setModalOpen(true)}>Create Assessment</Button>

  return (
    <>
      <PageHeader title="Dashboard" subtitle="Your hiring pipeline at a glance." actions={createButton} />
      <StatCards analytics={analytics.data} loading={analytics.loading} error={analytics.error} onRetry={analytics.reload} />
      <h2 className="mt-10 mb-4 text-xl font-black uppercase">Recent assessments</h2>
      <AssessmentsPanel refreshKey={refreshKey} emptyAction={createButton} />
      <CreateAssessmentModal open={modalOpen} onClose={() => setModalOpen(false)} onCreated={onCreated} />
    </>
  )
}
