import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, ConfirmDialog, ErrorMessage, Spinner, Textarea } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { answerUnderstanding, openUnderstanding, skipUnderstanding } from '../api.js'
import SessionShell from '../SessionShell.jsx'
import { deadlineFrom, formatClock, secondsUntil } from './countdown.js'

const TICK_MS = 1000

// After submit: three short questions about the candidate's own submission, five minutes by the server's clock.
// The work is already submitted, so the page says so first and keeps the tone calm; skipping is allowed. When the
// time runs out, what is typed is sent; the server refuses anything later. `onDone` shows the results page.
export default function UnderstandingCheck({ assessmentId, token, onDone }) {
  const [check, setCheck] = useState(null)
  const [problem, setProblem] = useState('')
  const [answers, setAnswers] = useState(['', '', ''])
  const [busy, setBusy] = useState(false)
  const [confirmSkip, setConfirmSkip] = useState(false)
  const [now, setNow] = useState(() => Date.now())
  const sent = useRef(false)

  useEffect(() => {
    let live = true
    openUnderstanding(assessmentId, token)
      .then((opened) => {
        if (!live) return
        if (opened.status !== 'open') return onDone()
        const received = Date.now()
        setNow(received)
        setCheck({ ...opened, deadlineMs: deadlineFrom(opened.seconds_left, received) })
        setAnswers(opened.questions.map(() => ''))
      })
      // The check never stands between the candidate and their results: any failure goes on to them.
      .catch(() => live && onDone())
    return () => {
      live = false
    }
  }, [assessmentId, token, onDone])

  useEffect(() => {
    if (!check) return undefined
    const timer = setInterval(() => setNow(Date.now()), TICK_MS)
    return () => clearInterval(timer)
  }, [check])

  const finish = useCallback(
    async (action) => {
      if (sent.current) return
      sent.current = true
      setBusy(true)
      setProblem('')
      try {
        await action()
        onDone()
      } catch (error) {
        // Time is up (410) or it was closed elsewhere (409): nothing more to do here.
        if ([409, 410].includes(error.response?.status)) return onDone()
        sent.current = false
        setBusy(false)
        setProblem(errorMessage(error))
      }
    },
    [onDone],
  )

  const left = check ? secondsUntil(check.deadlineMs, now) : 0
  useEffect(() => {
    if (check && left === 0) finish(() => answerUnderstanding(assessmentId, token, answers))
  }, [check, left, finish, assessmentId, token, answers])

  if (!check) {
    return (
      <SessionShell>
        <Spinner label="Preparing three short questions about your work…" />
      </SessionShell>
    )
  }
  const submit = (event) => {
    event.preventDefault()
    finish(() => answerUnderstanding(assessmentId, token, answers))
  }
  return (
    <SessionShell>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-xs font-bold uppercase text-brand">Your work is submitted</p>
          <h1 className="text-3xl font-black tracking-tight">Three short questions</h1>
        </div>
        <div className="border-2 border-ink px-4 py-2 text-center" role="timer" aria-live="off" aria-label="Time left">
          <p className="text-xs font-bold uppercase">Time left</p>
          <p className="text-2xl font-black tabular-nums" data-testid="check-clock">{formatClock(left)}</p>
        </div>
      </div>
      <p className="mt-2 max-w-2xl text-sm text-neutral-700">
        A few sentences each is plenty; there are no trick questions. They are about the code you just wrote, so the
        hiring team can hear your reasoning in your own words. If time runs out, what you have typed is sent.
      </p>
      <form onSubmit={submit} className="mt-6 flex flex-col gap-5" aria-label="Understanding check">
        {check.questions.map((question, i) => (
          <Textarea
            key={question}
            id={`check-answer-${i + 1}`}
            label={`${i + 1}. ${question}`}
            rows={3}
            maxLength={2000}
            value={answers[i]}
            disabled={busy}
            onChange={(e) => setAnswers((all) => all.map((a, j) => (j === i ? e.target.value : a)))}
          />
        ))}
        {problem && <ErrorMessage message={problem} />}
        <div className="flex flex-wrap gap-3">
          <Button type="submit" loading={busy}>
            Send answers
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => setConfirmSkip(true)}>
            Skip the questions
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={confirmSkip}
        title="Skip the questions?"
        message="That is fine: your submitted work stands, and the report notes that you skipped these questions."
        confirmLabel="Skip"
        busy={busy}
        onCancel={() => setConfirmSkip(false)}
        onConfirm={() => finish(() => skipUnderstanding(assessmentId, token))}
      />
    </SessionShell>
  )
}
