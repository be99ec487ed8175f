import { useEffect, useRef } from 'react'
import { sessionClock } from '../../../../shared/assessments/evidence.js'
import Markdown from '../../../../shared/markdown/Markdown.jsx'

// The chat as it stood at `t`: messages sent by then, the newest in view.
export default function ReplayChat({ chat, t }) {
  const shown = (chat ?? []).filter((m) => m.at <= t)
  const end = useRef(null)
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' })
  }, [shown.length])
  return (
    <section aria-label="AI chat at this moment" className="flex max-h-[480px] flex-col border-2 border-ink">
      <h3 className="border-b-2 border-ink px-3 py-1 text-xs font-black uppercase">AI chat</h3>
      <ol className="flex-1 overflow-auto p-2 text-sm" data-testid="replay-chat">
        {(chat ?? []).length === 0 && <li className="text-neutral-600">The candidate did not use the assistant.</li>}
        {(chat ?? []).length > 0 && shown.length === 0 && <li className="text-neutral-600">No messages yet at this moment.</li>}
        {shown.map((m, i) => (
          <li key={i} className={`mb-2 border-2 p-2 ${m.role === 'user' ? 'border-ink bg-brand-light' : 'border-dashed border-ink'}`}>
            <p className="text-xs font-bold uppercase text-neutral-600">
              {m.role === 'user' ? 'Candidate' : 'Assistant'} · <span className="font-mono">{sessionClock(m.at)}</span>
            </p>
            {m.role === 'user' ? (
              <p className="whitespace-pre-wrap [overflow-wrap:anywhere]">{m.content}</p>
            ) : (
              <div className="[overflow-wrap:anywhere]">
                <Markdown text={m.content} />
              </div>
            )}
          </li>
        ))}
        <li ref={end} aria-hidden="true" />
      </ol>
    </section>
  )
}
