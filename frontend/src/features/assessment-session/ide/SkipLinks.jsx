const TARGETS = [
  { id: 'editor', label: 'Editor' },
  { id: 'run', label: 'Run' },
  { id: 'tests', label: 'Tests' },
  { id: 'assistant', label: 'Assistant' },
  { id: 'submit', label: 'Submit' },
]

// The first stops of the Tab order: jump straight to a part of the workspace. Hidden until one has focus.
// The hash is the app's route, so a link moves focus itself instead of following its href.
export default function SkipLinks({ onSkip }) {
  return (
    <nav aria-label="Skip to" className="sr-only focus-within:not-sr-only focus-within:absolute focus-within:top-2 focus-within:left-2 focus-within:z-50">
      <ul className="flex gap-1 border-2 border-ink bg-paper p-1 shadow-brutal">
        <li className="self-center px-1 text-xs font-black uppercase">Skip to</li>
        {TARGETS.map((target) => (
          <li key={target.id}>
            <a
              href={`#skip-${target.id}`}
              onClick={(event) => {
                event.preventDefault()
                onSkip(target.id)
              }}
              className="block border-2 border-ink px-2 py-1 text-xs font-bold uppercase hover:bg-brand hover:text-paper focus:bg-brand focus:text-paper"
            >
              {target.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
