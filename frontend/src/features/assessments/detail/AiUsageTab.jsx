import { EmptyState } from '../../../components/ui/index.js'
import { formatDateTime } from '../../../lib/format.js'
import { sessionClock } from '../../../shared/assessments/evidence.js'
import { AI_SIGNALS, reportFigures } from '../../../shared/assessments/figures.js'
import FigureValue from '../../../shared/assessments/FigureValue.jsx'
import ScoreText from '../../../shared/assessments/ScoreText.jsx'
import Markdown from '../../../shared/markdown/Markdown.jsx'

function Summary({ label, children }) {
  return (
    <div className="border-2 border-ink p-3">
      <p className="text-xs font-bold uppercase text-neutral-600">{label}</p>
      <p className="mt-1 text-xl">{children}</p>
    </div>
  )
}

// The AI figures are the report's own (the same values and titles as the Signals panel), never recomputed here.
export default function AiUsageTab({ prompts, report, focus }) {
  const list = prompts ?? []
  const { byId, aiCollaboration, promptScores } = reportFigures(report)
  return (
    <div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Summary label="Total prompts">
          <span className="font-black">{list.length}</span>
        </Summary>
        <Summary label={aiCollaboration.label}>
          {aiCollaboration.score === null ? <span className="text-sm">{aiCollaboration.note}</span> : <ScoreText score={aiCollaboration.score} />}
        </Summary>
        {AI_SIGNALS.map((id) => byId[id])
          .filter(Boolean)
          .map((s) => (
            <Summary key={s.key} label={s.name}>
              <FigureValue signal={s} />
            </Summary>
          ))}
      </div>
      {list.length === 0 ? (
        <div className="mt-4">
          <EmptyState title="No AI prompts" message="The candidate did not use the AI assistant." />
        </div>
      ) : (
        <ol className="mt-4 flex flex-col gap-3">
          {list.map((p, i) => (
            <li
              key={`${p.created_at}-${i}`}
              id={`evidence-prompt-${i + 1}`}
              aria-current={focus === `evidence-prompt-${i + 1}` ? 'true' : undefined}
              className={`scroll-mt-24 border-2 p-3 ${focus === `evidence-prompt-${i + 1}` ? 'border-brand bg-brand-light' : 'border-ink'}`}
            >
              <div className="flex flex-wrap justify-between gap-2 text-xs">
                <span className="font-bold">
                  Prompt #{i + 1}
                  {typeof p.t_prompt_ms === 'number' && ` at ${sessionClock(p.t_prompt_ms)} into the session`} · {formatDateTime(p.created_at)}
                </span>
                <span>
                  {typeof promptScores[i + 1] === 'number' && (
                    <>
                      {byId.S5.name} <ScoreText score={promptScores[i + 1]} />
                      {' · '}
                    </>
                  )}
                  {p.input_tokens ?? 0}+{p.output_tokens ?? 0} tokens
                  {typeof p.latency_ms === 'number' && ` · ${p.latency_ms} ms`}
                </span>
              </div>
              <p className="mt-2 text-sm whitespace-pre-wrap">{p.message}</p>
              {p.response && (
                <details className="mt-2">
                  <summary className="cursor-pointer text-xs font-bold uppercase text-brand">AI response</summary>
                  <div className="mt-1 max-h-96 overflow-auto border-2 border-ink p-2 text-sm" data-testid="ai-reply">
                    <Markdown text={p.response} />
                  </div>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
