import { useEffect, useState } from 'react'
import PageHeader from '../../../components/layout/PageHeader.jsx'
import { Card, EmptyState, ErrorMessage, Spinner, Tabs } from '../../../components/ui/index.js'
import { formatDate, formatDateTime } from '../../../lib/format.js'
import { candidateLink, navigate } from '../../../lib/router.js'
import { useAsync } from '../../../lib/useAsync.js'
import CopyLinkButton from '../../../shared/assessments/CopyLinkButton.jsx'
import { aiModeLabel } from '../../../shared/assessments/aiModes.js'
import InvitationActions from '../../../shared/assessments/invitations/InvitationActions.jsx'
import ScoreText from '../../../shared/assessments/ScoreText.jsx'
import { evidenceTarget } from '../../../shared/assessments/evidence.js'
import IntegrityPanel from '../../../shared/assessments/IntegrityPanel.jsx'
import SignalsPanel from '../../../shared/assessments/SignalsPanel.jsx'
import StatusBadge from '../../../shared/assessments/StatusBadge.jsx'
import { getAssessment, getSimilarity } from '../api.js'
import AiUsageTab from './AiUsageTab.jsx'
import CodeReviewTab from './CodeReviewTab.jsx'
import DetailActions from './DetailActions.jsx'
import TestResultsTab from './TestResultsTab.jsx'
import ReplayTab from './replay/ReplayTab.jsx'
import { replayHash } from './replay/replayData.js'
import SimilarityTab from './similarity/SimilarityTab.jsx'
import TimelineTab from './TimelineTab.jsx'
import UnderstandingTab from './understanding/UnderstandingTab.jsx'

const TABS = [
  { id: 'tests', label: 'Test Results' },
  { id: 'ai', label: 'AI Usage' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'code', label: 'Code Review' },
  { id: 'replay', label: 'Replay' },
  { id: 'similarity', label: 'Similarity' },
  { id: 'understanding', label: 'Understanding' },
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
        {assessment.ai_mode && (
          <p className="mt-1 text-xs font-bold" data-testid="ai-mode">
            AI assistant: {aiModeLabel(assessment.ai_mode)}
          </p>
        )}
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

// The tab and the replay's moment live in the address (`#/assessments/12?tab=replay&t=754`), so both can be
// linked to and survive a reload.
function Results({ assessment, query, onChanged }) {
  const requested = query?.get('tab')
  const tab = TABS.some((t) => t.id === requested) ? requested : 'tests'
  const seconds = Number(query?.get('t'))
  const replayT = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0
  const similarity = useAsync(() => getSimilarity(assessment.id), [assessment.id])
  const checking = similarity.data?.status === 'pending'
  useEffect(() => {
    if (!checking) return undefined
    const timer = setInterval(similarity.reload, SIMILARITY_POLL_MS)
    return () => clearInterval(timer)
  }, [checking, similarity.reload])
  // The element an evidence link opened, scrolled to once its tab has rendered.
  const [focus, setFocus] = useState(null)
  useEffect(() => {
    if (focus) document.getElementById(focus)?.scrollIntoView({ block: 'center' })
  }, [focus, tab])
  const openEvidence = (ref) => {
    const target = evidenceTarget(ref, assessment.timeline)
    if (!target) return
    if (target.tab === 'replay') navigate(replayHash(assessment.id, target.t))
    else navigate(`/assessments/${assessment.id}?tab=${target.tab}`)
    setFocus(target.anchor)
  }
  const changeTab = (id) => {
    navigate(`/assessments/${assessment.id}?tab=${id}`)
    setFocus(null)
  }
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 xl:grid-cols-[minmax(0,1fr)_360px]">
      {similarity.data?.needs_review && (
        <p role="alert" className="border-2 border-brand bg-brand-light p-3 text-sm xl:col-span-2" data-testid="needs-review">
          <span className="font-black uppercase">Needs review: </span>
          {similarity.data.reason}. Nothing was rejected;{' '}
          <button type="button" className="font-bold underline" onClick={() => changeTab('similarity')}>
            compare the code side by side
          </button>
          .
        </p>
      )}
      <Card>
        <Tabs tabs={TABS} active={tab} onChange={changeTab} idPrefix="assessment-tab" label="Report sections">
          {tab === 'tests' && <TestResultsTab results={assessment.test_results} />}
          {tab === 'ai' && <AiUsageTab prompts={assessment.ai_prompts} report={assessment.score_report} focus={focus} />}
          {tab === 'timeline' && <TimelineTab timeline={assessment.timeline} focus={focus} assessmentId={assessment.id} />}
          {tab === 'code' && <CodeReviewTab assessment={assessment} />}
          {tab === 'replay' && <ReplayTab assessmentId={assessment.id} initialT={replayT} />}
          {tab === 'similarity' && <SimilarityTab similarity={similarity} />}
          {tab === 'understanding' && <UnderstandingTab assessmentId={assessment.id} onGraded={onChanged} />}
        </Tabs>
      </Card>
      <div className="flex flex-col gap-6">
        <SignalsPanel report={assessment.score_report} timeline={assessment.timeline} onEvidence={openEvidence} />
        <IntegrityPanel report={assessment.score_report} timeline={assessment.timeline} onEvidence={openEvidence} />
      </div>
    </div>
  )
}

// While the similarity check is queued, the page looks again this often.
const SIMILARITY_POLL_MS = 3000

// While the AI judges run, the page looks again this often to show their scores.
const JUDGES_POLL_MS = 5000

export default function AssessmentDetailPage({ params, query }) {
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
      <div className="mt-6">{assessment.status === 'completed' ? <Results assessment={assessment} query={query} onChanged={reload} /> : <NotFinished assessment={assessment} onChanged={reload} />}</div>
    </>
  )
}
