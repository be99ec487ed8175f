import { useCallback, useRef, useState } from 'react'
import CodeEditor from '../../../components/CodeEditor.jsx'
import ChatPanel from '../chat/ChatPanel.jsx'
import useAssistantChat from '../chat/useAssistantChat.js'
import ConsolePanel from '../console/ConsolePanel.jsx'
import { loadLocal, pickResumeCode } from '../session/localSession.js'
import { serverRemainingSeconds, useCountdown } from '../session/timer.js'
import useSessionRecorder from '../telemetry/useSessionRecorder.js'
import EditorBar from './EditorBar.jsx'
import RunBar from './RunBar.jsx'
import SkipLinks from './SkipLinks.jsx'
import SubmitDialog from './SubmitDialog.jsx'
import TaskPanel from './TaskPanel.jsx'
import TopBar from './TopBar.jsx'
import useChatInsert from './useChatInsert.js'
import useRunner from './useRunner.js'
import useSubmission from './useSubmission.js'
import useSyntaxCheck from './useSyntaxCheck.js'
import useTabFocus from './useTabFocus.js'

export const SOLUTION_FILE = 'solution.py'
const focusById = (id) => document.getElementById(id)?.focus()

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
  const syntax = useSyntaxCheck({ assessmentId, token })
  const tabFocus = useTabFocus()
  const attachTabFocus = tabFocus.attach
  const insertFromChat = useChatInsert({ editorRef, record })

  const onMount = useCallback(
    (editor) => {
      editorRef.current = editor
      attachTabFocus(editor)
      editor.onDidPaste((event) => {
        const text = editor.getModel()?.getValueInRange(event.range) ?? ''
        record('paste', { chars: text.length, text, line: event.range.startLineNumber })
      })
      // After Start the candidate lands in their code, not on <body>.
      editor.focus()
    },
    [record, attachTabFocus],
  )

  const skipTo = (target) => {
    if (target === 'editor') editorRef.current?.focus()
    else if (target === 'run') focusById('ide-run')
    else if (target === 'tests') {
      runner.showTab('tests')
      focusById('console-tests')
    } else if (target === 'assistant') focusById('ide-chat-input')
    else if (target === 'submit') focusById('ide-submit')
  }

  const askToSubmit = () => {
    setConfirming(true)
    syntax.check(codeRef.current)
  }

  // "Fix it first" takes the candidate to the line with the syntax error.
  const keepWorking = () => {
    setConfirming(false)
    const line = syntax.status === 'problem' ? syntax.problem.line : null
    const editor = editorRef.current
    if (line && editor) {
      setTimeout(() => {
        editor.setPosition({ lineNumber: line, column: 1 })
        editor.revealLineInCenter(line)
        editor.focus()
      })
    }
  }

  const aiOn = start.ai_mode !== 'off'
  return (
    <div className="flex h-screen flex-col overflow-hidden">
      <SkipLinks onSkip={skipTo} />
      <TopBar
        taskName={start.task.name}
        remaining={remaining}
        taskOpen={taskOpen}
        onToggleTask={() => setTaskOpen((open) => !open)}
        onSubmit={askToSubmit}
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
          <EditorBar fileName={SOLUTION_FILE} tabMovesFocus={tabFocus.movesFocus} onToggleTab={tabFocus.toggle} />
          <div className="min-h-0 flex-1 [&>div]:h-full [&>div]:border-t-0">
            {/* The editor owns the text: feeding every keystroke back as `value` lets a render that lags behind
                fast typing overwrite newer input, so it only gets the initial code and reports changes. */}
            <CodeEditor
              value={initialCode}
              onChange={setCode}
              onMount={onMount}
              height="100%"
              ariaLabel={`${SOLUTION_FILE}, your solution. Tab ${tabFocus.movesFocus ? 'moves focus' : 'indents'}; Ctrl+M switches.`}
              readOnly={submission.automatic}
            />
          </div>
          <RunBar runner={runner} code={code} />
        </main>
        <aside className="flex w-[35%] min-w-0 flex-col">
          {/* With the AI policy off there is no assistant: the console takes the column. */}
          {aiOn && (
            <div className="h-[60%] min-h-0 border-b-2 border-ink">
              <ChatPanel chat={chat} onInsert={insertFromChat} maxChars={start.chat_message_max_chars} />
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
        syntax={syntax}
        submitting={submission.submitting}
        error={submission.error}
        onConfirm={() => submission.submit(false)}
        onCancel={keepWorking}
      />
    </div>
  )
}
