import { useMemo } from 'react'
import { hunks, lineDiff } from './lineDiff.js'

const ROW = {
  added: 'bg-green-100',
  removed: 'bg-red-100',
  same: '',
}
const STARTER = 'the starter code'
const SIGN = { added: '+', removed: '-', same: ' ' }

// The submitted code against the task's starter code (or any earlier state, named by `baseLabel`): what the candidate changed, long unchanged stretches folded.
export default function CodeDiff({ starter, final, baseLabel = STARTER }) {
  const shown = useMemo(() => hunks(lineDiff(starter, final)), [starter, final])
  const changed = shown.filter((l) => l.kind === 'added' || l.kind === 'removed')
  if (changed.length === 0) return <p className="border-2 border-ink p-3 text-sm">{baseLabel === STARTER ? 'The submitted code is the starter code, unchanged.' : `No change against ${baseLabel}.`}</p>
  const added = changed.filter((l) => l.kind === 'added').length
  return (
    <div className="border-2 border-ink" data-testid="code-diff">
      <p className="border-b-2 border-ink px-3 py-1 text-xs font-bold">
        {added} line{added === 1 ? '' : 's'} added, {changed.length - added} removed against {baseLabel}
      </p>
      <pre className="max-h-[480px] overflow-auto text-xs leading-relaxed">
        {shown.map((line, i) =>
          line.kind === 'fold' ? (
            <div key={i} className="bg-neutral-100 px-3 text-neutral-600">
              … {line.count} unchanged lines
            </div>
          ) : (
            <div key={i} className={`flex ${ROW[line.kind]}`} data-kind={line.kind}>
              <span className="w-10 shrink-0 pr-2 text-right text-neutral-500 select-none">{line.new ?? line.old}</span>
              <span className="w-4 shrink-0 select-none">{SIGN[line.kind]}</span>
              <code className="whitespace-pre">{line.text}</code>
            </div>
          ),
        )}
      </pre>
    </div>
  )
}
