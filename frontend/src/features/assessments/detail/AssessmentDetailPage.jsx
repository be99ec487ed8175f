import { useEffect, useState } from 'react'
import PageHeader from '../../../components/layout/PageHeader.jsx'
import { Card, EmptyState, ErrorMessage, Spinner, Tabs } from '../../../components/ui/index.js'
import { formatDate, formatDateTime } from '../../../lib/format.js'
import { candidateLink } from '../../../lib/router.js'
import { useAsync } from '../../../lib/useAsync.js'
import CopyLinkButton from '../../../shared/assessments/CopyLinkButton.jsx'
import InvitationActions from '../../../shared/assessments/invitations/InvitationActions.jsx'
import ScoreText from '../../../shared/assessments/ScoreText.jsx'
import { evidenceTarget } from '../../../shared/assessments/evidence.js'
import IntegrityPanel from '../../../shared/assessments/IntegrityPanel.jsx'
import SignalsPanel from '../../../shared/assessments/SignalsPanel.jsx'
import StatusBadge from '../../../shared/assessments/StatusBadge.jsx'
import { getAssessment } from '../api.js'
import AiUsageTab from './AiUsageTab.jsx'
import CodeReviewTab from './CodeReviewTab.jsx'
import DetailActions from './DetailActions.jsx'
import TestResultsTab from './TestResultsTab.jsx'
import TimelineTab from './TimelineTab.jsx'

const TABS = [
  { id: 'tests', label: 'Test Results' },
  { id: 'ai', label: 'AI Usage' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'code', label: 'Code Review' },
]

function ScoreCard({ assessment }) {
  const results = assessment.test_results ?? {}
  const passed = results.tests_passed ?? assessment.tests_passed
  const total = results.tests_total ?? assessment.tests_total
  return (
    <div className="brutal-box grid gap-4 p-5 sm:grid-cols-3">
      <div>
        <p className="text-xs font-bold uppercase text-neutral-600">Overall score</p>
        <ScoreText score={assessment.score} className="text-5xl" />
      </div>
      <div>
        <p className="text-xs font-bold uppercase text-neutral-600">Tests passed</p>
        <p className="text-4xl font-black">{typeof passed === 'number' && typeof total === 'number' ? `${passed}/${total}` : '—'}</p>
      </div>
      <div>
        <p className="text-xs font-bold uppercase text-neutral-600">Status</p>
        <div className="mt-2">
          <StatusBadge status={assessment.status} />
        </div>
        {assessment.completed_at && <p className="mt-1 text-xs">Completed {formatDateTime(assessment.completed_at)}</p>}
      </div>
    </div>
  )
}

// Pending and in-progress sessions have no results yet: show their state and the link to share.
function NotFinished({ assessment, onChanged }) {
  const shareable = assessment.status === 'pending' || assessment.status === 'in_progress'
  const message = {
    pending: 'The candidate has not started yet.',
    in_progress: `The candidate started ${formatDateTime(assessment.started_at)} and is working on it now.`,
    expired: 'The link expired before the candidate finished.',
    revoked: 'This assessment was revoked.',
  }[assessment.status]
  return (
    <Card title="No results yet">
      <p className="text-sm">{message}</p>
      {assessment.expires_at && shareable && <p className="mt-1 text-sm">Link valid until {formatDateTime(assessment.expires_at)}.</p>}
      {shareable && (
        <div className="mt-4 flex flex-wrap items-center gap-2">
          <code className="border-2 border-ink bg-neutral-100 px-2 py-1 text-xs break-all">{candidateLink(assessment.token)}</code>
          <CopyLinkButton token={assessment.token} />
        </div>
      )}
      <div className="mt-4">
        <InvitationActions assessment={assessment} onChanged={onChanged} size="md" />
      </div>
    </Card>
  )
}

function Results({ assessment }) {
  const [tab, setTab] = useState('tests')
  // The element an evidence link opened, scrolled to once its tab has rendered.
  const [focus, setFocus] = useState(null)
  useEffect(() => {
    if (focus) document.getElementById(focus)?.scrollIntoView({ block: 'center' })
  }, [focus, tab])
  const openEvidence = (ref) => {
    const target = evidenceTarget(ref)
    if (!target) return
    setTab(target.tab)
    setFocus(target.anchor)
  }
  const changeTab = (id) => {
    setTab(id)
    setFocus(null)
  }
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_360px]">
      <Card>
        <Tabs tabs={TABS} active={tab} onChange={changeTab} idPrefix="assessment-tab">
          {tab === 'tests' && <TestResultsTab results={assessment.test_results} />}
          {tab === 'ai' && <AiUsageTab prompts={assessment.ai_prompts} report={assessment.score_report} focus={focus} />}
          {tab === 'timeline' && <TimelineTab timeline={assessment.timeline} focus={focus} />}
          {tab === 'code' && <CodeReviewTab assessment={assessment} />}
        </Tabs>
      </Card>
      <div className="flex flex-col gap-6">
        <SignalsPanel report={assessment.score_report} timeline={assessment.timeline} onEvidence={openEvidence} />
        <IntegrityPanel report={assessment.score_report} timeline={assessment.timeline} onEvidence={openEvidence} />
      </div>
    </div>
  )
}

// While the AI judges run, the page looks again this often to show their scores.
const JUDGES_POLL_MS = 5000

export default function AssessmentDetailPage({ params }) {
  const { data: assessment, error, loading, reload } = useAsync(() => getAssessment(params.id), [params.id])
  const judging = assessment?.score_report?.judges?.status === 'pending'
  useEffect(() => {
    if (!judging) return undefined
    const timer = setInterval(reload, JUDGES_POLL_MS)
    return () => clearInterval(timer)
  }, [judging, reload])

  if (loading && !assessment) return <Spinner label="Loading assessment…" />
  if (error && !assessment) {
    return (
      <div className="flex flex-col gap-4">
        <ErrorMessage message={error} onRetry={reload} />
        <a href="#/assessments" className="font-bold underline">
          Back to assessments
        </a>
      </div>
    )
  }
  if (!assessment) return <EmptyState title="Assessment not found" />

  const candidate = assessment.candidate ?? {}
  return (
    <>
      <a href="#/assessments" className="text-sm font-bold underline">
        ← All assessments
      </a>
      <PageHeader
        title={candidate.full_name || assessment.candidate_name || assessment.candidate_email}
        subtitle={`${candidate.position || 'No position'} · ${assessment.task_name ?? assessment.task?.name} · created ${formatDate(assessment.created_at)}`}
        actions={<DetailActions assessment={assessment} onChanged={reload} />}
      />
      <ScoreCard assessment={assessment} />
      <div className="mt-6">{assessment.status === 'completed' ? <Results assessment={assessment} /> : <NotFinished assessment={assessment} onChanged={reload} />}</div>
    </>
  )
}
