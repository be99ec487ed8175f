import { useCallback, useRef, useState } from 'react'
import CodeEditor from '../../../components/CodeEditor.jsx'
import { Button, ErrorMessage, Spinner } from '../../../components/ui/index.js'
import ChatPanel from '../chat/ChatPanel.jsx'
import useAssistantChat from '../chat/useAssistantChat.js'
import ConsolePanel from '../console/ConsolePanel.jsx'
import { loadLocal, pickResumeCode } from '../session/localSession.js'
import { serverRemainingSeconds, useCountdown } from '../session/timer.js'
import useSessionRecorder from '../telemetry/useSessionRecorder.js'
import SubmitDialog from './SubmitDialog.jsx'
import TaskPanel from './TaskPanel.jsx'
import TopBar from './TopBar.jsx'
import useRunner from './useRunner.js'
import useSubmission from './useSubmission.js'

// Inserts text at the cursor (replacing any selection) as one undoable edit.
function insertAtCursor(editor, text) {
  const selection = editor.getSelection()
  editor.executeEdits('chat-insert', [{ range: selection, text, forceMoveMarkers: true }])
  editor.pushUndoStop()
  editor.focus()
}

// The assessment workspace: editor (65%) on the left; assistant (60%) over console (40%) on the right.
export default function IdeView({ token, start, onSubmitted }) {
  const assessmentId = start.assessment_id
  const [saved] = useState(() => loadLocal(token))
  const [initialCode] = useState(() => pickResumeCode(start.code ?? start.task.starter_code, saved))
  const [code, setCode] = useState(initialCode)
  const [taskOpen, setTaskOpen] = useState(true)
  const [confirming, setConfirming] = useState(false)
  const editorRef = useRef(null)
  const codeRef = useRef(code)
  codeRef.current = code
  const getCode = useCallback(() => codeRef.current, [])

  const remaining = useCountdown(serverRemainingSeconds(start), start.receivedAt ?? 0)
  const { record, settle, connection } = useSessionRecorder({ assessmentId, token, code })
  const runner = useRunner({ assessmentId, token, record, saved })
  const chat = useAssistantChat({ assessmentId, token, initialHistory: start.chat_history, aiConfigured: start.ai_configured !== false })
  const submission = useSubmission({ assessmentId, token, settle, onSubmitted, remaining, getCode })

  const onMount = useCallback(
    (editor) => {
      editorRef.current = editor
      editor.onDidPaste((event) => {
        const text = editor.getModel()?.getValueInRange(event.range) ?? ''
        record('paste', { chars: text.length, text, line: event.range.startLineNumber })
      })
    },
    [record],
  )

  const insertFromChat = useCallback(
    (text) => {
      if (!editorRef.current) return
      insertAtCursor(editorRef.current, text)
      record('chat_insert', { chars: text.length })
    },
    [record],
  )

  const aiOn = start.ai_mode !== 'off'
  const busy = runner.running !== null
  const resting = busy || runner.pause !== null
  return (
    <div className="flex h-screen flex-col overflow-hidden">
      <TopBar
        taskName={start.task.name}
        remaining={remaining}
        taskOpen={taskOpen}
        onToggleTask={() => setTaskOpen((open) => !open)}
        onSubmit={() => setConfirming(true)}
        submitting={submission.submitting}
      />
      {!connection.online && (
        <p role="alert" className="border-b-2 border-ink bg-yellow-200 px-4 py-1.5 text-sm font-bold">
          Connection lost. Keep working: your code is saved on this device and {connection.pending} pending update
          {connection.pending === 1 ? '' : 's'} will be sent when the connection returns.
        </p>
      )}
      {submission.automatic && (
        <p role="status" className="border-b-2 border-ink bg-red-600 px-4 py-1.5 text-sm font-bold text-paper">
          Time is up. Your work is being submitted automatically…
          {submission.error && ` ${submission.error} Retrying…`}
        </p>
      )}
      <div className="flex min-h-0 flex-1">
        <main className="flex w-[65%] min-w-0 flex-col border-r-2 border-ink">
          <TaskPanel task={start.task} open={taskOpen} />
          <div className="min-h-0 flex-1 [&>div]:h-full">
            {/* The editor owns the text: feeding every keystroke back as `value` lets a render that lags behind
                fast typing overwrite newer input, so it only gets the initial code and reports changes. */}
            <CodeEditor value={initialCode} onChange={setCode} onMount={onMount} height="100%" ariaLabel="Solution code" readOnly={submission.automatic} />
          </div>
          <div className="flex flex-wrap items-center gap-2 border-t-2 border-ink bg-paper px-3 py-2">
            <Button onClick={() => runner.run(code)} disabled={resting} loading={runner.running === 'code'}>
              Run Code
            </Button>
            <Button variant="dark" onClick={() => runner.test(code)} disabled={resting} loading={runner.running === 'tests'}>
              Run Tests
            </Button>
            {busy && <Spinner size="sm" label={runner.running === 'code' ? 'Running your code…' : 'Running the tests…'} />}
            <div className="min-w-0 flex-1">
              {runner.error && <ErrorMessage message={runner.error} />}
              {runner.pause && (
                <p role="status" data-testid="run-pause" className="border-2 border-brand bg-brand-light px-2 py-1 text-sm">
                  {runner.pause.message} <span className="font-semibold" aria-hidden="true">You can run again in {runner.pause.seconds} s.</span>
                </p>
              )}
            </div>
          </div>
        </main>
        <aside className="flex w-[35%] min-w-0 flex-col">
          {/* With the AI policy off there is no assistant: the console takes the column. */}
          {aiOn && (
            <div className="h-[60%] min-h-0 border-b-2 border-ink">
              <ChatPanel chat={chat} onInsert={insertFromChat} />
            </div>
          )}
          <div className={aiOn ? 'h-[40%] min-h-0' : 'h-full min-h-0'}>
            <ConsolePanel tab={runner.tab} onTabChange={runner.showTab} output={runner.output} tests={runner.tests} />
          </div>
        </aside>
      </div>
      <SubmitDialog
        open={confirming && !submission.automatic}
        remaining={remaining}
        testsRun={runner.testsRun}
        submitting={submission.submitting}
        error={submission.error}
        onConfirm={() => submission.submit(false)}
        onCancel={() => setConfirming(false)}
      />
    </div>
  )
}
