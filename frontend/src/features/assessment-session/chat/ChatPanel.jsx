import { useEffect, useRef } from 'react'
import { ErrorMessage } from '../../../components/ui/index.js'
import Markdown from '../../../shared/markdown/Markdown.jsx'
import ChatComposer from './ChatComposer.jsx'
import { AI_UNAVAILABLE } from './useAssistantChat.js'

function TypingIndicator() {
  return (
    <span role="status" aria-label="The assistant is typing" className="inline-flex gap-1 py-1" data-testid="typing-indicator">
      {['[animation-delay:0ms]', '[animation-delay:150ms]', '[animation-delay:300ms]'].map((delay) => (
        <span key={delay} className={`h-2 w-2 animate-bounce bg-ink ${delay}`} />
      ))}
    </span>
  )
}

function Bubble({ message, onInsert }) {
  if (message.role === 'user') {
    return (
      <li className="flex justify-end" data-role="user">
        <div className="max-w-[85%] border-2 border-ink bg-brand px-3 py-2 text-sm whitespace-pre-wrap text-paper shadow-brutal-sm">
          {message.content}
          {message.failed && <p className="mt-1 text-xs font-bold">Not answered — your message is back in the box below</p>}
        </div>
      </li>
    )
  }
  return (
    <li className="flex justify-start" data-role="assistant">
      <div className="max-w-[92%] border-2 border-ink bg-paper px-3 py-2 text-sm shadow-brutal-sm">
        {message.content ? <Markdown text={message.content} onInsert={onInsert} /> : null}
        {message.streaming && <TypingIndicator />}
      </div>
    </li>
  )
}

// The AI assistant panel: scrollable conversation over the message box.
export default function ChatPanel({ chat, onInsert, maxChars }) {
  const { messages, busy, error, unavailable, send } = chat
  const list = useRef(null)

  useEffect(() => {
    const el = list.current
    if (el) el.scrollTop = el.scrollHeight
  }, [messages])

  return (
    <section aria-label="AI assistant" className="flex h-full min-h-0 flex-col">
      <header className="flex items-center justify-between border-b-2 border-ink bg-ink px-3 py-1.5 text-paper">
        <h2 className="text-sm font-black uppercase">AI assistant</h2>
        <span className="text-xs">AI use is allowed and recorded</span>
      </header>
      <ul ref={list} className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto bg-neutral-100 p-3" data-testid="chat-messages">
        {messages.length === 0 && !unavailable && (
          <li className="text-sm text-neutral-600">Ask about the task, an error, or your approach. Replies can include code you can insert.</li>
        )}
        {messages.map((message, i) => (
          <Bubble key={i} message={message} onInsert={onInsert} />
        ))}
      </ul>
      {unavailable && (
        <p role="alert" className="border-t-2 border-ink bg-yellow-100 px-3 py-2 text-sm font-semibold">
          {AI_UNAVAILABLE}
        </p>
      )}
      {error && <ErrorMessage message={error} />}
      <ChatComposer busy={busy} unavailable={unavailable} maxChars={maxChars} send={send} />
    </section>
  )
}
