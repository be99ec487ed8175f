import { useState } from 'react'
import { Badge, Button, EmptyState, ErrorMessage, Spinner } from '../../../../components/ui/index.js'
import { errorMessage } from '../../../../lib/api.js'
import { formatScore } from '../../../../lib/format.js'
import { useAsync } from '../../../../lib/useAsync.js'
import { getUnderstanding, gradeUnderstanding } from '../../api.js'
import { GRADE_CHOICES, canGrade, gradeLabel, gradingText, statusText } from './understandingView.js'

function Answer({ item, index, gradable, onGrade, busy }) {
  return (
    <li className="border-2 border-ink p-4" data-testid={`check-question-${index + 1}`}>
      <p className="font-bold">
        {index + 1}. {item.question}
      </p>
      <p className="mt-1 text-xs text-neutral-600">Drawn from: {item.basis}</p>
      <blockquote className="mt-3 whitespace-pre-wrap border-l-4 border-brand pl-3 text-sm">
        {item.answer == null ? '—' : item.answer || <em>Left blank</em>}
      </blockquote>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Badge tone={item.grade?.score == null ? 'gray' : 'purple'}>{gradeLabel(item.grade)}</Badge>
        {item.grade?.reason && <span className="text-sm">{item.grade.reason}</span>}
      </div>
      {gradable && (
        <div className="mt-3 flex gap-2" role="group" aria-label={`Grade answer ${index + 1}`}>
          {GRADE_CHOICES.map((choice) => (
            <Button key={choice.label} size="sm" variant="secondary" disabled={busy} onClick={() => onGrade(index + 1, choice.score)}>
              {choice.label}
            </Button>
          ))}
        </div>
      )}
    </li>
  )
}

// The understanding check in the report: the questions asked after submit, the candidate's answers, and the
// grades (the AI judge's, or the recruiter's buttons). A grade changes the Understanding signal and the overall,
// so the page reloads the assessment after each one.
export default function UnderstandingTab({ assessmentId, onGraded }) {
  const { data: view, error, loading, reload } = useAsync(() => getUnderstanding(assessmentId), [assessmentId])
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')
  if (loading && !view) return <Spinner label="Loading the understanding check…" />
  if (error && !view) return <ErrorMessage message={error} onRetry={reload} />
  if (!view.enabled) return <EmptyState title="No understanding check" message="This assessment's task does not ask the questions after submit." />

  const grade = async (question, score) => {
    setBusy(true)
    setProblem('')
    try {
      await gradeUnderstanding(assessmentId, question, score)
      reload()
      onGraded?.()
    } catch (err) {
      setProblem(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const gradable = canGrade(view)
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm font-bold" data-testid="check-status">
          {statusText(view)}
        </p>
        {view.score != null && <Badge tone="purple">Understanding {formatScore(view.score)}</Badge>}
        {view.source && <Badge>{view.source === 'ai' ? 'Questions by AI' : 'Questions from the diff'}</Badge>}
      </div>
      {gradingText(view) && <p className="text-sm">{gradingText(view)}</p>}
      {view.grading_error && <p className="text-xs text-neutral-600">Reason: {view.grading_error}</p>}
      {problem && <ErrorMessage message={problem} />}
      {view.questions.length > 0 && (
        <ol className="flex flex-col gap-3">
          {view.questions.map((item, i) => (
            <Answer key={item.question} item={item} index={i} gradable={gradable} onGrade={grade} busy={busy} />
          ))}
        </ol>
      )}
    </div>
  )
}
