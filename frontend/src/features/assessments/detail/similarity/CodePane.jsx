// One side of the side-by-side view: the code with line numbers, the matched lines marked. Each line has an id
// (`<idPrefix>-<n>`) so a region can be scrolled into view.
export default function CodePane({ title, code, marked, idPrefix }) {
  const lines = String(code ?? '').split('\n')
  return (
    <section aria-label={title} className="min-w-0 border-2 border-ink">
      <h4 className="border-b-2 border-ink px-3 py-1 text-xs font-black uppercase">{title}</h4>
      <pre className="max-h-[480px] overflow-auto text-xs leading-relaxed" data-testid={`${idPrefix}-pane`}>
        {lines.map((text, i) => {
          const n = i + 1
          const hit = marked.has(n)
          return (
            <div key={n} id={`${idPrefix}-${n}`} data-matched={hit ? 'true' : undefined} className={`flex ${hit ? 'border-l-4 border-brand bg-brand-light' : 'border-l-4 border-transparent'}`}>
              <span className="w-10 shrink-0 pr-2 text-right text-neutral-500 select-none">{n}</span>
              <code className="whitespace-pre">{text}</code>
            </div>
          )
        })}
      </pre>
    </section>
  )
}
